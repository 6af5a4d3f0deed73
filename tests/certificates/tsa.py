"""A local RFC 3161 timestamp authority for the tests: its own root CA, a TSA certificate and a CRL.

pyHanko's DummyTimeStamper answers timestamp requests with this TSA's key, in-process or behind a
local HTTP server (`http_tsa`) the way an external TSA (e.g. a qualified one) does, so no network
beyond localhost is needed.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

CRL_URL = "http://tsa.example/tsa-root.crl"


@dataclass(frozen=True)
class LocalTsa:
    root: x509.Certificate
    root_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    def stamper(self) -> DummyTimeStamper:
        return DummyTimeStamper(
            translate_pyca_cryptography_cert_to_asn1(self.certificate),
            translate_pyca_cryptography_key_to_asn1(self.key),
        )

    def crl(self, at: dt.datetime) -> x509.CertificateRevocationList:
        """The TSA root's CRL as its CA would publish it at `at` (no TSA certificate revoked)."""
        return (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.root.subject)
            .last_update(at - dt.timedelta(hours=1))
            .next_update(at + dt.timedelta(days=7))
            .add_extension(x509.CRLNumber(int(at.timestamp())), critical=False)
            .sign(self.root_key, hashes.SHA256())
        )


def make_tsa(years: int = 15, crl_url: str = CRL_URL) -> LocalTsa:
    """A TSA whose certificate outlives the lab's signer certificates, as a public TSA's does."""
    now = dt.datetime.now(dt.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Timestamping Root")])
    root = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * (years + 5)))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # DummyTimeStamper signs with RSA
    point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.CRLDistributionPoints([point]), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return LocalTsa(root, root_key, certificate, key)


@contextmanager
def http_tsa() -> Iterator[tuple[str, LocalTsa]]:
    """An RFC 3161 server on localhost (POST /tsr) that also publishes its root's CRL (GET /tsa.crl),
    as a real TSA does; yields the timestamp URL and the TSA (whose certificate names that CRL URL)."""
    holder: dict[str, LocalTsa] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            self._reply(
                "application/timestamp-reply", holder["tsa"].stamper().request_tsa_response(request).dump()
            )

        def do_GET(self) -> None:  # noqa: N802
            crl = holder["tsa"].crl(dt.datetime.now(dt.UTC))
            self._reply("application/pkix-crl", crl.public_bytes(serialization.Encoding.DER))

        def _reply(self, kind: str, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    holder["tsa"] = make_tsa(crl_url=f"{base}/tsa.crl")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{base}/tsr", holder["tsa"]
    finally:
        server.shutdown()
        server.server_close()
