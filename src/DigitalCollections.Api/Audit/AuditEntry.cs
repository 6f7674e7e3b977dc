namespace DigitalCollections.Api.Audit;

/// <summary>
/// One privileged action in the audit trail. Rows form a hash chain: <see cref="Hash"/> is SHA-256 over this
/// row's fields and <see cref="PreviousHash"/> (see <see cref="AuditChain"/>), and sequences run 1, 2, 3 … without
/// gaps, so an edited, inserted or deleted row breaks the chain from there on.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1 for the first row, then each row the one before plus one; the primary key, so the chain cannot fork.</summary>
    public long Sequence { get; set; }

    /// <summary>When, in UTC, to the millisecond (what both stores keep exactly).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who: <c>admin-key:&lt;keyId&gt;</c>, <c>account:&lt;address&gt;</c>, <c>cli</c>, <c>system</c>. Never a secret.</summary>
    public required string Actor { get; set; }

    /// <summary>What, as a dotted name: <c>admin-key.created</c>, <c>contract.paused</c>, … (<see cref="AuditActions"/>).</summary>
    public required string Action { get; set; }

    /// <summary>The particulars as JSON text, exactly as hashed.</summary>
    public required string Details { get; set; }

    /// <summary>The previous row's <see cref="Hash"/> (64 zeros for the first row), lower-case hex.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>SHA-256 of this row's canonical encoding, lower-case hex.</summary>
    public required string Hash { get; set; }
}
