using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Audit;

/// <summary>
/// The audit trail's hash chain. A row's hash is SHA-256 over a canonical encoding: the tag
/// <c>dc-audit-v1</c>, then sequence and time (unix milliseconds) as 8-byte big-endian integers, then actor,
/// action, details and the previous hash, each as its UTF-8 bytes behind a 4-byte big-endian length. Lengths
/// make the encoding unambiguous (no field can borrow another's bytes).
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Tag = Encoding.ASCII.GetBytes("dc-audit-v1");

    public static string HashOf(long sequence, DateTimeOffset at, string actor, string action, string details, string previousHash)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Tag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        buffer.Write(number);
        BinaryPrimitives.WriteInt64BigEndian(number, at.ToUnixTimeMilliseconds());
        buffer.Write(number);
        foreach (var field in (string[])[actor, action, details, previousHash])
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(number, bytes.Length);
            buffer.Write(number[..4]);
            buffer.Write(bytes);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    public static string HashOf(AuditEntry e) => HashOf(e.Sequence, e.At, e.Actor, e.Action, e.Details, e.PreviousHash);

    /// <summary>
    /// Checks rows in sequence order, starting after <paramref name="previous"/> (null: from the first row).
    /// The first row that breaks the chain and why, or null when every row holds.
    /// </summary>
    public static AuditBreak? FindBreak(IEnumerable<AuditEntry> rows, AuditEntry? previous = null)
    {
        var expectedSequence = (previous?.Sequence ?? 0) + 1;
        var expectedPrevious = previous?.Hash ?? Genesis;
        foreach (var row in rows)
        {
            if (row.Sequence != expectedSequence)
                return new(row.Sequence, $"expected sequence {expectedSequence} here: a row is missing before {row.Sequence}");
            if (!string.Equals(row.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                return new(row.Sequence, "its previous hash is not the hash of the row before");
            if (!string.Equals(HashOf(row), row.Hash, StringComparison.Ordinal))
                return new(row.Sequence, "its hash does not match its contents: the row was changed");
            expectedSequence = row.Sequence + 1;
            expectedPrevious = row.Hash;
        }
        return null;
    }
}

/// <summary>Where the audit chain breaks: the first bad row's sequence and what is wrong with it.</summary>
public sealed record AuditBreak(long Sequence, string Reason);
