from datetime import datetime, timedelta, timezone

from labapp.core.canonical import canonical_json
from labapp.security.signatures import Meaning, make_manifest, still_valid


def test_canonical_json_is_key_order_independent_and_compact():
    assert canonical_json({"b": 1, "a": [1.5, "Ni"]}) == b'{"a":[1.5,"Ni"],"b":1}'
    assert canonical_json({"a": "日本"}) == '{"a":"日本"}'.encode()


def test_manifest_records_utc_offset_meaning_and_content_hash():
    tokyo = timezone(timedelta(hours=9))
    record = {"lot": "BM26-0001", "Ni": 21.3}
    manifest = make_manifest("Hana Sato", "hsato", Meaning.APPROVED, record,
                             now=datetime(2026, 11, 22, 18, 30, 5, tzinfo=tokyo))
    # 18:30:05 in Tokyo (+09:00) is 09:30:05 UTC; the offset shown is the machine's local one.
    assert manifest.signed_at_utc == "2026-11-22T09:30:05"
    assert manifest.meaning is Meaning.APPROVED
    # SHA-256 of b'{"Ni":21.3,"lot":"BM26-0001"}', computed independently with sha256sum.
    assert manifest.content_sha256 == "f3f0e76b9f3def0088840e3353e08fb6fdb1defee976f5de5c2c6170f1aafca0"
    assert still_valid(manifest.content_sha256, {"Ni": 21.3, "lot": "BM26-0001"})
    assert not still_valid(manifest.content_sha256, {"Ni": 21.4, "lot": "BM26-0001"})
