using System.Buffers;
using System.IO.Hashing;

namespace DigitalCollections.Api.Iscc;

/// <summary>
/// Data-Code computed while the bytes stream in: content-defined chunks (average 1024 bytes), xxHash32 of
/// each chunk as a feature, MinHash over the features. Push the bytes with <see cref="Update"/> in pieces of
/// any size; <see cref="Finish"/> once. The pieces need not align with anything: a chunk is only cut when
/// the bytes buffered from its start reach the longest chunk (or the data ends), so the result equals the
/// one over the whole data at once. Memory: one buffer of <see cref="BufferSize"/> bytes, from the shared pool
/// between the first <see cref="Update"/> and the end (every upload makes a hasher: a new 64 KiB buffer each was
/// most of a small upload's garbage).
/// </summary>
public sealed class DataCodeHasher
{
    // Under the large-object heap's 85,000-byte line: every upload makes one hasher, and a large-object buffer
    // each time would be collected only by full (gen 2) collections. Eight longest chunks fit, so moving the
    // unread tail to the front costs at most one chunk's copy per seven chunks read.
    private const int BufferSize = 64 * 1024;

    private readonly ContentDefinedChunker _chunker = ContentDefinedChunker.DataCode;
    private readonly MinHasher _minHash = new();
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _finished;

    /// <summary>Bytes pushed so far.</summary>
    public long Length { get; private set; }

    public void Update(ReadOnlySpan<byte> data)
    {
        if (_finished) throw new InvalidOperationException("the Data-Code is already finished");
        Length += data.Length;
        if (data.IsEmpty) return;
        var buffer = _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        while (!data.IsEmpty)
        {
            if (_end == BufferSize)
            {
                buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
                _end -= _start;
                _start = 0;
            }
            var n = Math.Min(data.Length, BufferSize - _end);
            data[..n].CopyTo(buffer.AsSpan(_end));
            _end += n;
            data = data[n..];
            while (_end - _start >= _chunker.MaxSize) Cut();
        }
    }

    /// <summary>The 256-bit Data-Hash; ends the hasher.</summary>
    public byte[] FinishDigest()
    {
        if (_finished) throw new InvalidOperationException("the Data-Code is already finished");
        _finished = true;
        while (_end > _start) Cut();
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // Empty data: the reference hashes the one empty chunk.
        if (_minHash.Count == 0) _minHash.Add(XxHash32.HashToUInt32([]));
        return _minHash.Digest256();
    }

    /// <summary>The Data-Code (<c>ISCC:G…</c>) of <paramref name="bits"/> bits; ends the hasher.</summary>
    public string Finish(int bits = 64) => IsccUnit.FromDigest(MainType.Data, 0, bits, FinishDigest()).ToString();

    /// <summary>The Data-Code of bytes already in memory.</summary>
    public static string Compute(ReadOnlySpan<byte> data, int bits = 64)
    {
        var hasher = new DataCodeHasher();
        hasher.Update(data);
        return hasher.Finish(bits);
    }

    private void Cut()
    {
        var pending = _buffer!.AsSpan(_start, _end - _start);
        var cut = _chunker.NextCut(pending);
        _minHash.Add(XxHash32.HashToUInt32(pending[..cut]));
        _start += cut;
    }
}
