using System.IO.Hashing;
using DigitalCollections.Api.Iscc;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>Data- and Instance-Code pushed in pieces as an upload arrives equal the codes of the whole bytes.</summary>
public sealed class StreamingHasherTests
{
    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void The_data_code_does_not_depend_on_how_the_bytes_are_split()
    {
        var data = RandomBytes(3 << 20, 1);
        var whole = new DataCodeHasher();
        whole.Update(data);
        var expected = Convert.ToHexString(whole.FinishDigest());
        var random = new Random(2);
        foreach (var maxPiece in new[] { 1, 1000, 9000, 300_000, 1 << 20 })
        {
            var hasher = new DataCodeHasher();
            for (var offset = 0; offset < data.Length;)
            {
                var n = Math.Min(random.Next(1, maxPiece + 1), data.Length - offset);
                hasher.Update(data.AsSpan(offset, n));
                offset += n;
            }
            Assert.Equal(expected, Convert.ToHexString(hasher.FinishDigest()));
        }
    }

    [Fact]
    public void The_data_code_is_the_minhash_of_the_chunks_cut_over_the_whole_data()
    {
        var data = RandomBytes(1 << 20, 3);
        var chunker = ContentDefinedChunker.DataCode;
        var minHash = new MinHasher();
        var chunks = new List<int>();
        for (ReadOnlySpan<byte> rest = data; !rest.IsEmpty;)
        {
            var cut = chunker.NextCut(rest);
            chunks.Add(cut);
            minHash.Add(XxHash32.HashToUInt32(rest[..cut]));
            rest = rest[cut..];
        }
        var hasher = new DataCodeHasher();
        foreach (var piece in data.Chunk(4096)) hasher.Update(piece);
        Assert.Equal(minHash.Digest256(), hasher.FinishDigest());
        Assert.All(chunks.SkipLast(1), c => Assert.InRange(c, chunker.MinSize, chunker.MaxSize));
        Assert.InRange(chunks.Average(), 600, 1500);
    }

    [Fact]
    public void Inserted_bytes_keep_the_data_code_close_and_other_data_is_far()
    {
        // Content-defined cuts fall back into step after an insertion: only the chunks around it change,
        // where fixed-size blocks would all shift.
        var data = RandomBytes(1 << 20, 4);
        byte[] edited = [.. data.AsSpan(0, 300_000), .. RandomBytes(100, 6), .. data.AsSpan(300_000)];
        var original = IsccUnit.Parse(DataCodeHasher.Compute(data)).Body.ToArray();
        var near = IsccUnit.Parse(DataCodeHasher.Compute(edited)).Body.ToArray();
        var other = IsccUnit.Parse(DataCodeHasher.Compute(RandomBytes(1 << 20, 5))).Body.ToArray();
        Assert.InRange(IsccDistance.Hamming(original, near), 0, 6);
        Assert.InRange(IsccDistance.Hamming(original, other), 16, 64);
    }

    [Fact]
    public void A_hasher_is_finished_once()
    {
        var data = new DataCodeHasher();
        data.Finish();
        Assert.Throws<InvalidOperationException>(() => data.Update([1]));
        Assert.Throws<InvalidOperationException>(() => data.Finish());
        using var instance = new InstanceCodeHasher();
        instance.Finish();
        Assert.Throws<InvalidOperationException>(() => instance.Update([1]));
    }

    [Fact]
    public void The_instance_code_does_not_depend_on_how_the_bytes_are_split()
    {
        var data = RandomBytes(2 << 20, 5);
        var whole = InstanceCodeHasher.Compute(data, 256);
        using var hasher = new InstanceCodeHasher();
        foreach (var piece in data.Chunk(7777)) hasher.Update(piece);
        Assert.Equal(whole, hasher.Finish(256));
        Assert.Equal(data.Length, whole.Filesize);
        Assert.Equal(Multihash.OfBlake3(data), whole.Datahash);
    }
}
