using DigitalCollections.Api.Iscc;

namespace DigitalCollections.UnitTests.Iscc;

/// <summary>Header, base32 and the reading of codes as clients send them.</summary>
public sealed class IsccCodecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(71)]
    [InlineData(72)]
    [InlineData(583)]
    [InlineData(584)]
    [InlineData(4679)]
    public void Every_varnibble_width_reads_back(int value)
    {
        var header = new IsccHeader(MainType.Content, value, 0, 1);
        Assert.True(IsccHeader.TryRead(header.ToBytes(), out var read, out var length));
        Assert.Equal(header, read);
        Assert.Equal(header.ToBytes().Length, length);
    }

    [Fact]
    public void A_header_field_beyond_4679_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IsccHeader(MainType.Content, 4680, 0, 1).ToBytes());
    }

    [Fact]
    public void Base32_round_trips_without_padding()
    {
        var random = new Random(5);
        for (var length = 0; length < 40; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var text = IsccBase32.Encode(data);
            Assert.DoesNotContain('=', text);
            Assert.Equal(data, IsccBase32.TryDecode(text));
            Assert.Equal(data, IsccBase32.TryDecode(text.ToLowerInvariant()));
        }
    }

    [Theory]
    [InlineData("ISCC:EAASKDNZNYGUUF5A")]
    [InlineData("EAASKDNZNYGUUF5A")]
    [InlineData("iscc:eaaskdnznyguuf5a")]
    [InlineData(" ISCC: EAAS-KDNZ-NYGU-UF5A ")]
    public void A_code_is_read_however_a_client_writes_it(string text)
    {
        Assert.True(IsccUnit.TryParse(text, out var unit, out var error), error);
        Assert.Equal(MainType.Content, unit.MainType);
        Assert.Equal((int)ContentSubType.Text, unit.SubType);
        Assert.Equal(64, unit.BodyBits);
        Assert.Equal("ISCC:EAASKDNZNYGUUF5A", unit.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ISCC:", "empty")]
    [InlineData("ISCC:EAAS!DNZNYGUUF5A", "not base32")]
    [InlineData("ISCC:EAASKDNZNYGU", "announces 64 body bits")]
    [InlineData("ISCC:EAASKDNZNYGUUF5AAA", "announces 64 body bits")]
    [InlineData("ISCC:7777777777777777", "header")]
    public void A_malformed_code_is_refused_with_a_reason(string text, string reason)
    {
        Assert.False(IsccUnit.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
        Assert.Throws<FormatException>(() => IsccUnit.Parse(text));
    }

    [Fact]
    public void An_iscc_code_decomposes_into_the_64_bit_prefixes_of_its_units()
    {
        var (inputs, outputs) = IsccVectors.Get("gen_iscc_code_v0", "test_0000_standard");
        var units = inputs[0].EnumerateArray().Select(u => IsccUnit.Parse(u.GetString()!)).ToList();
        Assert.True(IsccCode.TryDecompose(outputs.GetProperty("iscc").GetString(), out var parts, out var error), error);
        Assert.Equal(
            units.Select(u => IsccUnit.FromDigest(u.MainType, u.SubType, 64, u.Body).ToString()),
            parts.Select(p => p.ToString()));
    }

    [Fact]
    public void A_sum_code_decomposes_into_data_and_instance()
    {
        Assert.True(IsccCode.TryDecompose("ISCC:KUAFVC5DMJJGYKZ4MQV6B6THIBBUG", out var parts, out _));
        Assert.Equal([MainType.Data, MainType.Instance], parts.Select(p => p.MainType));
    }

    [Fact]
    public void Composition_refuses_codes_without_data_and_instance()
    {
        Assert.Throws<ArgumentException>(() => IsccCode.Compose(["AAAYPXW445FTYNJ3", "EAARMJLTQCUWAND2"]));
    }

    [Fact]
    public void Hamming_distance_counts_differing_bits()
    {
        Assert.Equal(0, IsccDistance.Hamming([0x12, 0x34], [0x12, 0x34]));
        Assert.Equal(16, IsccDistance.Hamming([0x00, 0xFF], [0xFF, 0x00]));
        Assert.Equal(3, IsccDistance.Hamming(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 7 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 4 }));
        Assert.Equal(64, IsccDistance.Hamming(0UL, ulong.MaxValue));
        Assert.Throws<ArgumentException>(() => IsccDistance.Hamming([1], [1, 2]));
    }

    [Fact]
    public void Distance_between_units_compares_the_bits_both_have_and_only_like_kinds()
    {
        var long256 = IsccUnit.Parse("ISCC:EADSKDNZNYGUUF5AMFEJLZ5P66CP5YKCOA3X7F36RWE4CIRCBTUWXYY");
        var short64 = IsccUnit.Parse("ISCC:EAASKDNZNYGUUF5A");
        Assert.Equal(0, IsccDistance.Between(long256, short64));
        var image = IsccUnit.Parse("ISCC:EEAQAAAAAAAAAAAA");
        Assert.Null(IsccDistance.Between(short64, image));
    }
}
