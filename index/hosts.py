"""Which hosts the fetcher may reach beyond the public internet (the ``ALLOW_PRIVATE_HOSTS`` setting).

A value type of its own, below the settings that parse it and the fetcher (``index.ingest.web``) that applies
it: the settings need not import the web stage to read their own value.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
"""IPv6 addresses that a NAT64 gateway turns into the IPv4 address in their last 32 bits."""
EMBEDDED_IPV4_LOW32 = (
    NAT64_PREFIX,
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible (deprecated), ::127.0.0.1
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated (SIIT), ::ffff:0:a.b.c.d
)
"""IPv6 forms whose last 32 bits are an IPv4 address that some stack or gateway reaches: judged as that IPv4."""
NEVER_PUBLIC_V6 = (
    ipaddress.IPv6Network("fec0::/10"),  # site-local (deprecated, still routed inside sites)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # NAT64 local use (RFC 8215): a private translator
)
"""Non-public IPv6 networks that Python 3.11's ``is_global`` lets through (issue 23, finding 12)."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet; IPv4 inside IPv6 (mapped, compatible, translated, NAT64,
    6to4, Teredo) is judged as that IPv4, and every form of it must be public."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if any(address in network for network in NEVER_PUBLIC_V6):
            return False
        if any(address in network for network in EMBEDDED_IPV4_LOW32):
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None and not is_public_address(address.sixtofour):
            return False
        if address.teredo is not None and not all(is_public_address(part) for part in address.teredo):
            return False
    return address.is_global and not address.is_multicast


@dataclass(frozen=True, slots=True)
class PrivateHosts:
    """Non-public destinations that may be fetched anyway (the ``ALLOW_PRIVATE_HOSTS`` setting).

    ``everything`` allows every address; otherwise a destination is allowed when its host name is one of
    ``names`` or its address lies in one of ``networks``. Public addresses are always allowed.
    """

    everything: bool = False
    networks: tuple[IPNetwork, ...] = ()
    names: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> PrivateHosts:
        """``["*"]`` = everything; else host names, IP addresses and CIDR networks. Raises ValueError."""
        networks: list[IPNetwork] = []
        names: set[str] = set()
        for entry in (entry.strip().lower() for entry in entries):
            if entry == "*":
                return cls(everything=True)
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            name = entry.rstrip(".")
            if not name or not all(label and label.replace("-", "").isalnum() for label in name.split(".")):
                raise ValueError(f"{entry!r} is neither a host name, an IP address nor a network such as 10.0.0.0/8")
            names.add(name)
        return cls(networks=tuple(networks), names=frozenset(names))

    def allows(self, *, host: str, address: IPAddress) -> bool:
        if self.everything or is_public_address(address):
            return True
        if host.lower().rstrip(".") in self.names:
            return True
        plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        return any(plain in network for network in self.networks)


PUBLIC_ONLY = PrivateHosts()
