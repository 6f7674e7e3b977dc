namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Instance-Code computed while the bytes stream in: BLAKE3 of all bytes. Push pieces of any size with
/// <see cref="Update"/>, then <see cref="Finish"/> once.
/// </summary>
public sealed class InstanceCodeHasher : IDisposable
{
    private readonly Blake3.Hasher _hasher = Blake3.Hasher.New();
    private bool _finished;

    /// <summary>Bytes pushed so far.</summary>
    public long Length { get; private set; }

    public void Update(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("the Instance-Code is already finished");
        _hasher.Update(data);
        Length += data.Length;
    }

    /// <summary>The Instance-Code of <paramref name="bits"/> bits, the full hash and the size; ends the hasher.</summary>
    public InstanceCodeResult Finish(int bits = 64)
    {
        if (_finished) throw new InvalidOperationException("the Instance-Code is already finished");
        _finished = true;
        var digest = new byte[32];
        _hasher.Finalize(digest);
        _hasher.Dispose();
        var code = IsccUnit.FromDigest(MainType.Instance, 0, bits, digest).ToString();
        return new InstanceCodeResult(code, Multihash.Blake3(digest), Length);
    }

    /// <summary>The Instance-Code of bytes already in memory.</summary>
    public static InstanceCodeResult Compute(ReadOnlySpan<byte> data, int bits = 64)
    {
        using var hasher = new InstanceCodeHasher();
        hasher.Update(data);
        return hasher.Finish(bits);
    }

    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        _hasher.Dispose();
    }
}
