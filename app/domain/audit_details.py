"""How an audit entry's details (its JSON text: keys sorted, no spaces, as app.services.admin.audit
details_text spells it) are stored: compressed (issue 17), by the same machinery as letters' frozen content
(app.domain.compressed_text), format 2, against DICTIONARY_V1 below.

`pack` is the one way a writer turns details into the stored value (the AuditEntry model's details field calls
it, and so does the demo's raw INSERT); `unpack` gives the exact same text back. The hash chain hashes that
text (app.domain.audit_chain), never the stored bytes, so every entry, head hash and checkpoint written before
the compression still verifies after it. Entries stored before migration 30 (plain JSON text, «{...}») read as
they are.

What the dictionary holds: only what the program itself writes, never an office's own words: the JSON keys in
the order details_text sorts them, the shape of the commonest entries (case registered, referral issued and
answered, a status change, a call back, a letter, a reminder) and the values the program chooses (statuses,
next steps, outcomes, priorities, decisions, true/false/null). Agency names, subjects and instructions are the
office's own and are not in it: they compress only against themselves. Before compression the text is
spelled one byte a Persian letter (app.domain.persian_bytes; UTF-8 takes two, and deflate cannot learn that
from 150 bytes). Measured on a 50,000-case demo: details of 147 bytes (UTF-8) on average are stored in 62
(in 79 with UTF-8 and the dictionary, 130 with zlib alone).

zlib's window is 4 KB (wbits 12) and its hash memory small (memLevel 4): the dictionary and one entry's text
fit in it, and setting up the compressor costs ~8 µs instead of ~110 µs for the default 32 KB window, which
matters to the demo's millions of entries. Any zlib stream with a window up to 32 KB reads back the same.

FROZEN: every entry stored in format 2 is compressed against these exact bytes, and only they decompress it
(tests/app/test_audit_details_storage.py pins their SHA-256). A better dictionary is a new format byte read
beside this one, never an edit here.
"""

from __future__ import annotations

from app.domain import persian_bytes
from app.domain.compressed_text import CompressedTextError, TextCodec

FORMAT_V1 = b"\x02"  # letters' content is format 1 (app.domain.letter_codec)

# Rarest first: deflate reaches the nearer (later) bytes with shorter distances.
_SHAPES = (
    '{"added":,"year":14}{"changes":{"in_force":[true,false],"superseded_by_id":[null,]},"version":}',
    '{"full_name":"","role":"operator","title":"","username":""}{"kind":"circular","number":"","title":""}',
    '{"ok":true,"entries":,"problems":0,"first":""}{"what":"audit","rows":,"destination":"","format":"csv"}',
    '{"session_id":,"official":"","note":""}{"duplicate_of":"","reason":"","reopened":true,"withdrawn_referrals":[]}',
    '{"agency":"","case_id":,"letter":"","reason":"","reminders":2}',
    '{"status":["registered","closed"],"outcome":"not_responsible"}{"status":["answered","closed"],"outcome":"unreachable"}',
    '{"callback":true,"outcome":"resolved","referral_id":,"status":["answered","closed"]}',
    '{"agency":"","case_id":,"changes":{"due_date":["2026-","2026-"]},"letter":"","number":1}',
    '{"agency":"","agency_letter_date":"2026-","agency_letter_number":"","answered":true,"attachments":0,'
    '"case_id":,"response_id":,"result":"done"}',
    '{"comment":"","decision":"later","reached":false,"satisfaction":null}'
    '{"comment":"","decision":"close","reached":true,"satisfaction":"partly"}'
    '{"comment":"","decision":"close","reached":true,"satisfaction":"satisfied"}',
    '{"next_step":"hold","status":"registered","subject":"","tracking_code":"0"}'
    '{"next_step":"guide","status":"guided","subject":"","tracking_code":"0"}',
    '{"number":"","referral_id":,"replaces":null}',
    '{"agency":"","case_id":,"due_date":"2026-","from_draft":false,"instruction":"","priority":"urgent"}'
    '{"agency":"","case_id":,"due_date":"2026-","from_draft":false,"instruction":"","priority":"normal"}',
    '{"referral_id":,"status":["registered","referred"]}{"referral_id":,"status":["referred","answered"]}',
    '{"next_step":"refer","status":"registered","subject":"","tracking_code":"0"}',
)
DICTIONARY_V1 = "".join(_SHAPES).encode("utf-8")


AUDIT_DETAILS = TextCodec(
    "audit details",
    FORMAT_V1,
    DICTIONARY_V1,
    level=6,
    window_bits=12,
    mem_level=4,
    encode=persian_bytes.encode,
    decode=persian_bytes.decode,
)
AuditDetailsError = CompressedTextError
pack = AUDIT_DETAILS.pack
unpack = AUDIT_DETAILS.unpack
is_packed = AUDIT_DETAILS.is_packed
