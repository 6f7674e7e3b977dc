using Nethereum.Util;

namespace DigitalCollections.Api.Chain;

/// <summary>
/// Call data of the contract's batch functions, built from the items' own single-call data: a relayer lane
/// keeps each write's <c>mintWork</c>/<c>transferWithAuthorization</c> call (what it sends when the write
/// goes alone) and joins several into one <c>mintWorks</c>/<c>transferWithAuthorizations</c> call. Written
/// out by hand like <see cref="AuthorizationEncoding"/>; the unit tests compare it with Nethereum's encoder.
/// </summary>
public static class BatchEncoding
{
    private const int Word = 32;
    private const int TupleWords = 5;

    private static readonly byte[] MintWorksSelector =
        Selector("mintWorks((address,address,bytes32,uint96,uint256)[],bytes[])");
    private static readonly byte[] TransferWithAuthorizationsSelector =
        Selector("transferWithAuthorizations((address,address,uint256,uint256,uint256)[],bytes[])");

    /// <summary>mintWorks(auths, signatures) for the items' mintWork call data (0x hex each), in order.</summary>
    public static string MintWorksCallData(IReadOnlyList<string> mintWorkCalls) => Formats.ToHex(Join(MintWorksSelector, mintWorkCalls));

    /// <summary>transferWithAuthorizations(auths, signatures) for the items' transferWithAuthorization call data, in order.</summary>
    public static string TransferWithAuthorizationsCallData(IReadOnlyList<string> transferCalls) =>
        Formats.ToHex(Join(TransferWithAuthorizationsSelector, transferCalls));

    /// <summary>
    /// selector ‖ offset of auths ‖ offset of signatures ‖ [N ‖ N static tuples] ‖ [N ‖ N offsets ‖ N × (length ‖ padded bytes)].
    /// Each single call is selector ‖ 5-word tuple ‖ offset ‖ length ‖ signature bytes.
    /// </summary>
    private static byte[] Join(byte[] selector, IReadOnlyList<string> calls)
    {
        if (calls.Count == 0) throw new ArgumentException("A batch has at least one item.", nameof(calls));
        var items = calls.Select(c => Formats.FromHex(c)).ToList();
        var signatures = items.Select(Signature).ToList();
        var n = items.Count;
        var authsSize = Word + n * TupleWords * Word;
        var sigTails = signatures.Sum(s => Word + Padded(s.Length));
        var sigsSize = Word + n * Word + sigTails;
        var data = new byte[4 + 2 * Word + authsSize + sigsSize];
        selector.CopyTo(data, 0);
        var body = data.AsSpan(4);
        WriteUint(2 * Word, body[..Word]);
        WriteUint(2 * Word + authsSize, body.Slice(Word, Word));

        var auths = body.Slice(2 * Word, authsSize);
        WriteUint(n, auths[..Word]);
        for (var i = 0; i < n; i++)
            items[i].AsSpan(4, TupleWords * Word).CopyTo(auths[(Word + i * TupleWords * Word)..]);

        var sigs = body.Slice(2 * Word + authsSize);
        WriteUint(n, sigs[..Word]);
        var heads = sigs[Word..];
        var offset = n * Word;
        for (var i = 0; i < n; i++)
        {
            WriteUint(offset, heads.Slice(i * Word, Word));
            WriteUint(signatures[i].Length, heads.Slice(offset, Word));
            signatures[i].CopyTo(heads[(offset + Word)..]);
            offset += Word + Padded(signatures[i].Length);
        }
        return data;
    }

    /// <summary>The signature bytes of a single call: its length sits right after the tuple and the offset word.</summary>
    private static byte[] Signature(byte[] call)
    {
        var lengthAt = 4 + (TupleWords + 1) * Word;
        if (call.Length < lengthAt + Word) throw new ArgumentException("Not a single authorisation call.", nameof(call));
        var length = (int)new System.Numerics.BigInteger(call.AsSpan(lengthAt, Word), isUnsigned: true, isBigEndian: true);
        return call.AsSpan(lengthAt + Word, length).ToArray();
    }

    private static int Padded(int length) => (length + Word - 1) / Word * Word;

    private static void WriteUint(long value, Span<byte> word)
    {
        word.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(word[(Word - 8)..], value);
    }

    private static byte[] Selector(string signature) => Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(signature))[..4];
}
