namespace DigitalCollections.Api.Iscc;

/// <summary>
/// The composite ISCC-CODE: one header for a Data- and an Instance-Code and optionally a Meta-, Semantic-
/// and Content-Code, followed by the first 64 bits of each unit's body in main-type order. Its sub type is
/// the Content- (or Semantic-) Code's media kind, <see cref="ContentSubType.Sum"/> for Data + Instance alone
/// and <see cref="ContentSubType.None"/> otherwise.
/// </summary>
public static class IsccCode
{
    private const int UnitBytes = 8;

    /// <summary>Composes the ISCC-CODE (<c>ISCC:K…</c>) from unit codes in any order.</summary>
    public static string Compose(IEnumerable<string> unitCodes) => Compose(unitCodes.Select(IsccUnit.Parse)).ToString();

    public static IsccUnit Compose(IEnumerable<IsccUnit> units)
    {
        var sorted = units.OrderBy(u => u.MainType).ToList();
        if (sorted.Count < 2) throw new ArgumentException("an ISCC-CODE needs at least a Data- and an Instance-Code", nameof(units));
        if (sorted[^2].MainType != MainType.Data || sorted[^1].MainType != MainType.Instance)
            throw new ArgumentException("an ISCC-CODE needs a Data- and an Instance-Code", nameof(units));
        var optional = sorted[..^2];
        if (optional.Select(u => u.MainType).Distinct().Count() != optional.Count
            || optional.Any(u => u.MainType is not (MainType.Meta or MainType.Semantic or MainType.Content)))
            throw new ArgumentException("besides Data and Instance an ISCC-CODE takes at most one Meta-, Semantic- and Content-Code", nameof(units));
        foreach (var unit in sorted)
        {
            if (unit.Version != 0) throw new ArgumentException($"{unit.MainType}-Code has version {unit.Version}; only version 0 composes", nameof(units));
            if (unit.BodyBits < UnitBytes * 8) throw new ArgumentException($"{unit.MainType}-Code is shorter than 64 bits", nameof(units));
        }
        var mediaKinds = optional.Where(u => u.MainType is MainType.Semantic or MainType.Content).Select(u => u.SubType).Distinct().ToList();
        if (mediaKinds.Count > 1) throw new ArgumentException("Semantic- and Content-Code must be of the same media kind", nameof(units));
        var subType = mediaKinds.Count == 1 ? mediaKinds[0]
            : sorted.Count == 2 ? (int)ContentSubType.Sum
            : (int)ContentSubType.None;
        var unitBits = 0;
        foreach (var unit in optional) unitBits |= UnitBit(unit.MainType);
        var body = sorted.SelectMany(u => u.Body[..UnitBytes].ToArray()).ToArray();
        return new IsccUnit(new IsccHeader(MainType.Iscc, subType, 0, unitBits), body);
    }

    /// <summary>
    /// The units of a code as a client may send it: an ISCC-CODE splits into its (64-bit) units, any other
    /// code (or several concatenated) is returned as it is.
    /// </summary>
    public static bool TryDecompose(string? text, out IReadOnlyList<IsccUnit> units, out string? error)
    {
        units = [];
        if (!IsccUnit.TryDecodeText(text, out var bytes, out error)) return false;
        var result = new List<IsccUnit>();
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            if (!IsccHeader.TryRead(rest, out var header, out var headerBytes))
            {
                error = "the code holds bytes that are no valid ISCC header";
                return false;
            }
            var bodyBytes = header.BodyBits / 8;
            if (rest.Length - headerBytes < bodyBytes)
            {
                error = $"the header announces {header.BodyBits} body bits, fewer follow";
                return false;
            }
            var body = rest.Slice(headerBytes, bodyBytes);
            if (header.MainType == MainType.Iscc) Split(header, body, result);
            else result.Add(new IsccUnit(header, body));
            rest = rest[(headerBytes + bodyBytes)..];
        }
        units = result;
        return true;
    }

    private static void Split(IsccHeader header, ReadOnlySpan<byte> body, List<IsccUnit> result)
    {
        var kind = header.SubType <= (int)ContentSubType.Mixed ? header.SubType : 0;
        if (header.SubType == (int)ContentSubType.Wide)
        {
            result.Add(IsccUnit.FromDigest(MainType.Data, 0, 128, body[..16]));
            result.Add(IsccUnit.FromDigest(MainType.Instance, 0, 128, body[16..32]));
            return;
        }
        var offset = 0;
        foreach (var type in (ReadOnlySpan<MainType>)[MainType.Meta, MainType.Semantic, MainType.Content])
        {
            if ((header.LengthCode & UnitBit(type)) == 0) continue;
            result.Add(IsccUnit.FromDigest(type, type == MainType.Meta ? 0 : kind, 64, body.Slice(offset, UnitBytes)));
            offset += UnitBytes;
        }
        result.Add(IsccUnit.FromDigest(MainType.Data, 0, 64, body.Slice(offset, UnitBytes)));
        result.Add(IsccUnit.FromDigest(MainType.Instance, 0, 64, body.Slice(offset + UnitBytes, UnitBytes)));
    }

    private static int UnitBit(MainType type) => type switch
    {
        MainType.Meta => 4,
        MainType.Semantic => 2,
        MainType.Content => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an optional ISCC-CODE unit"),
    };
}
