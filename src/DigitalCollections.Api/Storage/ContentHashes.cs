using System.Security.Cryptography;
using DigitalCollections.Api.Similarity;

namespace DigitalCollections.Api.Storage;

/// <summary>SHA-256 plus the ISCC Data- and Instance-Code, fed by one loop.</summary>
internal sealed class ContentHashes(bool withCodes = true) : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly WorkCodeHasher? _codes = withCodes ? new() : null;

    public void AppendData(byte[] buffer, int offset, int count)
    {
        _sha.AppendData(buffer, offset, count);
        _codes?.Update(buffer.AsSpan(offset, count));
    }

    public byte[] GetHashAndReset() => _sha.GetHashAndReset();

    public StreamCodes Codes() => (_codes ?? throw new InvalidOperationException("hashed without codes")).Finish();

    public void Dispose()
    {
        _sha.Dispose();
        _codes?.Dispose();
    }
}
