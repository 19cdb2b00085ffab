"""Identifiers issued before this migration carry a check character computed over the OID prefix
too, which other GB/T 36904 verifiers reject. This re-computes it over the body after the prefix and
re-signs each certificate's signed form (its ``jti`` is the identifier) with the issuer's active key.

Not rewritten: the access log (hash-chained and append-only: it records the identifier that was read
at the time) and offline 亮证 codes already shown (they expire within minutes). Signed forms that
department systems received before keep verifying against the trust list, under the old identifier.
"""

import json

from django.db import migrations

from onestop.certs.identifiers import PREFIX, mod37_36_check_char


def _corrected(identifier: str) -> str:
    body = identifier[: -2]  # "<prefix>.<type>.<issuer>.<serial>.<version>" without ".<check>"
    return f"{body}.{mod37_36_check_char(body[len(PREFIX) + 1:].replace('.', ''))}"


def _payload(token: str) -> dict:
    from onestop.certs.jws import b64url_decode

    return json.loads(b64url_decode(token.split(".")[1]))


def recompute(apps, schema_editor):
    from onestop.certs import jws, keys

    Certificate = apps.get_model("certs", "Certificate")
    IssuerKey = apps.get_model("certs", "IssuerKey")
    for certificate in Certificate.objects.all().iterator():
        identifier = _corrected(certificate.identifier)
        if identifier == certificate.identifier:
            continue
        used = IssuerKey.objects.get(kid=certificate.kid)
        key = IssuerKey.objects.filter(department_id=certificate.issuer_id, alg=used.alg, status="active").first() or used
        payload = _payload(certificate.signed)
        payload["jti"] = identifier
        certificate.identifier, certificate.kid = identifier, key.kid
        certificate.signed = jws.sign(payload, keys.signer_for(key), "cert+jwt")
        certificate.save(update_fields=["identifier", "kid", "signed"])


class Migration(migrations.Migration):
    dependencies = [("certs", "0004_consent_bound_to_case")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
