"""The web fetcher: HTTP GET that stays on the public web, for pages and feeds (read in ``feeds.py``).

Over ~350 lines on purpose: the fetcher's guards (addresses, deadline, size, decompression) only hold
together, around one httpx transport; the feed and page reading is in ``feeds.py``, the HTML extraction in
``html.py``, the time budgets in ``budget.py``, the host allow-list in ``index/hosts.py``.

Every request goes through one :class:`Fetcher`: a per-read timeout, a total deadline
per fetch, a cap on the (decompressed) body, a User-Agent that names the bot, and a
minimum delay between two requests to the same host. A page or feed that fails
becomes a :class:`~index.ingest.records.SourceError`; the other sources go on.

The fetcher stays on the public web: every host name is resolved, every address it
resolves to must be public (not loopback, private, link-local such as
169.254.169.254, carrier-grade NAT, multicast or reserved), and the connection goes
to the address that was checked, so a name cannot resolve to a public address for
the check and a private one for the connection. Redirects are followed here, hop by
hop, each hop checked the same way. ``ALLOW_PRIVATE_HOSTS`` (:class:`PrivateHosts`)
lets a newsroom fetch its intranet. Remaining gaps, stated in README "Security":
name resolution itself has no timeout of its own (the system resolver's applies),
and proxies from the environment are not used (a proxy would resolve names itself).

"""

from __future__ import annotations

import http.cookiejar
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from index.hosts import PUBLIC_ONLY, PrivateHosts
from index.ingest.budget import BudgetSpent, FetchBudget
from index.ingest.records import printable
from index.progress import Stopped

USER_AGENT = "crisisbot/0.1 (news archive indexer; +https://github.com/crisisbot)"
DEFAULT_TIMEOUT_S = 20.0
"""Longest wait for one connect or one read: a slow news site answers well within it."""
DEFAULT_DEADLINE_S = 60.0
"""Longest one fetch may take in all, redirects included: three times the per-read timeout, so a slow but honest
site still gets through, while a server that drips a byte now and then cannot hold the reindex lock for long."""
DEFAULT_HOST_DELAY_S = 1.0
DEFAULT_MAX_BYTES = 5_000_000
"""Largest body kept, counted after decompression: a long article page is well under 1 MB, a big feed 2 MB."""
MAX_PAGE_BYTES = DEFAULT_MAX_BYTES
DEFAULT_MAX_FEED_ENTRIES = 100
"""New entries fetched per feed and run: busy wire feeds list 50-100 items; the rest are fetched next run."""
MAX_REDIRECTS = 5
"""Hops followed per fetch: http -> https -> canonical host -> article takes three; more is a loop or a trick."""
FEED_CONTENT_TYPES = ("rss", "atom", "xml")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT_ENCODING = "gzip, deflate"
"""Only encodings whose decompression is capped here (zlib's max_length); br and zstd are not asked for."""
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The final URL, after redirects."""
    body: bytes
    content_type: str


class FetchError(RuntimeError):
    """A URL that could not be fetched; the message says why in a sentence."""


class BlockedAddress(FetchError):
    """A host that resolves to an address the fetcher may not connect to."""


def allowed_addresses(host: str, port: int, allowance: PrivateHosts) -> list[str]:
    """The addresses ``host`` resolves to, all checked; raises :class:`BlockedAddress` if any is not allowed.

    One disallowed address refuses the host: a name that resolves to a public and a private address is a trick.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"the host {printable(host)} cannot be resolved ({error})") from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in addresses:
        address = ipaddress.ip_address(text)
        if not allowance.allows(host=host, address=address):
            named = f"{printable(host)} is" if host == text else f"{printable(host)} is {text},"
            raise BlockedAddress(f"refused: {named} not a public address (ALLOW_PRIVATE_HOSTS allows intranets)")
    return addresses


class _Deadlines(threading.local):
    """The deadline of the fetch running in this thread (monotonic seconds), or None."""

    at: float | None = None

    def clamp(self, timeout: float | None, *, expired: type[Exception]) -> float | None:
        """``timeout`` shortened to what is left of the deadline; raises ``expired`` when nothing is left."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise expired("the deadline of this fetch has passed")
        return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the fetch that uses it."""

    def __init__(self, inner: httpcore.NetworkStream, deadlines: _Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadlines.clamp(timeout, expired=httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadlines.clamp(timeout, expired=httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        timeout = self._deadlines.clamp(timeout, expired=httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, timeout), self._deadlines)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked addresses (the very address checked: no second lookup), within the deadline."""

    def __init__(self, allowance: PrivateHosts, deadlines: _Deadlines) -> None:
        self._inner = httpcore.SyncBackend()
        self._allowance = allowance
        self._deadlines = deadlines

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in allowed_addresses(host, port, self._allowance):
            timeout = self._deadlines.clamp(timeout, expired=httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
                continue
            return _DeadlineStream(stream, self._deadlines)
        raise failure or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("the fetcher does not use Unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on :class:`_GuardedBackend`.

    httpx takes no network backend as an argument; its pool (``_pool``, stable since httpx 0.18) is replaced by
    an equal one that connects through the guarded backend.
    """

    def __init__(self, backend: _GuardedBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)


class _Inflater:
    """Decompresses a body no further than a given number of bytes at a time (a gzip bomb stays a small one)."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes, *, limit: int) -> bytes:
        """At most ``limit`` bytes of output; when the limit is reached, the rest of ``data`` is left unread."""
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error:
            if self._started or self._encoding != "deflate":
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # servers that send raw deflate without zlib header
            out = self._zlib.decompress(data, limit)
        self._started = True
        return out


def _inflater(content_encoding: str) -> _Inflater | None:
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflater(encoding)
    raise FetchError(f"unsupported content encoding {printable(encoding)!r} (asked for {ACCEPT_ENCODING})")


def web_url(url: str | httpx.URL, *, base: httpx.URL | None = None) -> httpx.URL:
    """``url`` (relative to ``base``) as an http(s) URL; raises FetchError for anything else."""
    try:
        parsed = base.join(url) if base is not None else httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as error:
        raise FetchError(f"not a valid URL ({error})") from error
    if parsed.scheme not in WEB_SCHEMES or not parsed.host:
        raise FetchError(f"not an http(s) URL: {printable(str(parsed))[:200]}")
    return parsed


def _no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps nothing: an indexer needs no session, and one ``Set-Cookie`` with a non-ASCII byte
    in httpx's jar made every later request of the run fail with UnicodeEncodeError (found by tests/index/
    test_fuzz.py); a cookie set by one site is never sent to another either."""
    return http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))


class Fetcher:
    """HTTP GET that stays on the public web, with a deadline, a size cap and a per-host delay.

    Safe to share between threads.
    """

    def __init__(
        self,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        deadline_s: float = DEFAULT_DEADLINE_S,
        max_bytes: int = DEFAULT_MAX_BYTES,
        host_delay_s: float = DEFAULT_HOST_DELAY_S,
        private_hosts: PrivateHosts = PUBLIC_ONLY,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
        budget: FetchBudget | None = None,
    ) -> None:
        self.budget = budget
        """The run's time budget and failed hosts (None: only the per-fetch deadline applies)."""
        self.host_delay_s = host_delay_s
        self.deadline_s = deadline_s
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self._deadlines = _Deadlines()
        self._client = httpx.Client(
            cookies=_no_cookies(),
            transport=_GuardedTransport(_GuardedBackend(private_hosts, self._deadlines)),
            timeout=timeout_s,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    @staticmethod
    def _host(url: httpx.URL) -> str:
        return url.netloc.decode("ascii", "replace").lower()

    def _wait_for_host(self, url: httpx.URL) -> None:
        """Wait until ``host_delay_s`` has passed since the host's last request ended (see ``_done_with_host``)."""
        host = self._host(url)
        with self._lock:
            wait = self._last.get(host, -1e9) + self.host_delay_s - time.monotonic()
            if wait > 0:
                self._sleep(wait)
            self._last[host] = time.monotonic()

    def _done_with_host(self, url: httpx.URL) -> None:
        """The delay counts from the end of a response: counted from its start, a slow answer or a late request
        reached the host sooner after the last one than the delay says (measured 0.335 s for 0.4 under load)."""
        with self._lock:
            self._last[self._host(url)] = time.monotonic()

    def get(self, url: str) -> Fetched:
        """The body of ``url``; raises :class:`FetchError` with a readable reason, :class:`BudgetSpent` when the
        run's or the source's budget is spent (then nothing is asked)."""
        target = web_url(url)
        host = self._host(target)
        deadline_s = self.deadline_s
        if self.budget is not None:
            refused = self.budget.host_refused(host)
            if refused:
                raise FetchError(refused)
            deadline_s = min(deadline_s, self.budget.left_s())
        self._deadlines.at = time.monotonic() + deadline_s
        try:
            return self._follow(target)
        except httpx.TimeoutException as error:
            if self._deadlines.at is not None and time.monotonic() >= self._deadlines.at:
                if deadline_s < self.deadline_s:
                    raise BudgetSpent(f"the fetch budget ran out during {printable(str(target))[:200]}") from error
                self._host_failed(host, f"took longer than {self.deadline_s:g} s")
                raise FetchError(f"took longer than the deadline of {self.deadline_s:g} s") from error
            self._host_failed(host, "timed out")
            raise FetchError(f"timed out ({type(error).__name__})") from error
        except (httpx.ConnectError, httpx.RemoteProtocolError) as error:
            self._host_failed(host, type(error).__name__)
            raise FetchError(f"cannot be fetched ({type(error).__name__}: {error})") from error
        except httpx.HTTPError as error:
            raise FetchError(f"cannot be fetched ({type(error).__name__}: {error})") from error
        except zlib.error as error:
            raise FetchError(f"damaged compressed body ({error})") from error
        except (FetchError, BudgetSpent, Stopped):
            raise
        except Exception as error:  # the fetcher is total: any response is a reason, never a crash
            raise FetchError(f"cannot be fetched ({type(error).__name__}: {printable(str(error))[:200]})") from error
        finally:
            self._deadlines.at = None

    def _follow(self, url: httpx.URL) -> Fetched:
        """Follow redirects hop by hop: each hop's host is checked when its connection is made."""
        for _hop in range(MAX_REDIRECTS + 1):
            self._wait_for_host(url)
            asked = url
            try:
                with self._client.stream("GET", url) as response:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECT_STATUSES and location:
                        url = web_url(location, base=url)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    body = self._read_body(response)
                    return Fetched(str(url), body, response.headers.get("content-type", ""))
            finally:
                self._done_with_host(asked)
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")

    def _read_body(self, response: httpx.Response) -> bytes:
        """The body, decompressed here under the size cap (never more than the cap + 1 byte in memory)."""
        inflater = _inflater(response.headers.get("content-encoding", ""))
        body = bytearray()
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            body += inflater.feed(chunk, limit=self.max_bytes + 1 - len(body)) if inflater else chunk
            if len(body) > self.max_bytes or received > self.max_bytes:
                raise FetchError(f"larger than {self.max_bytes:,} bytes (FETCH_MAX_BYTES)")
        return bytes(body)

    def _host_failed(self, host: str, why: str) -> None:
        if self.budget is not None:
            self.budget.host_failed(host, why)

    def close(self) -> None:
        self._client.close()
