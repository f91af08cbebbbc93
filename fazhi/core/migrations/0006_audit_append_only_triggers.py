"""On PostgreSQL the audit tables refuse changes by trigger (issue 10; docs/audit.md).

Events refuse UPDATE and DELETE; chain heads and the global counter refuse DELETE (their UPDATE is how an append
moves them, and ``verify`` checks them against the events and the checkpoints). A superuser can still disable
triggers: the key and the checkpoints are what defend against him. SQLite has no such triggers here.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION fazhi_audit_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加：% 拒绝 %', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION fazhi_audit_refuse();
CREATE TRIGGER core_auditchainhead_no_delete BEFORE DELETE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION fazhi_audit_refuse();
CREATE TRIGGER core_auditsequence_no_delete BEFORE DELETE ON core_auditsequence
    FOR EACH ROW EXECUTE FUNCTION fazhi_audit_refuse();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;
DROP TRIGGER IF EXISTS core_auditchainhead_no_delete ON core_auditchainhead;
DROP TRIGGER IF EXISTS core_auditsequence_no_delete ON core_auditsequence;
DROP FUNCTION IF EXISTS fazhi_audit_refuse();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_global_sequence_and_state"),
    ]

    operations = [migrations.RunPython(forward, backward)]
