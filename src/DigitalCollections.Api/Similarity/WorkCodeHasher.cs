using DigitalCollections.Api.Iscc;

namespace DigitalCollections.Api.Similarity;

/// <summary>
/// The byte-level codes of a file (Data-Code and Instance-Code), fed by the same loop that hashes and stages
/// an upload, so a large file is read once for them.
/// </summary>
public sealed class WorkCodeHasher : IDisposable
{
    private readonly DataCodeHasher _data = new();
    private readonly InstanceCodeHasher _instance = new();

    public void Update(ReadOnlySpan<byte> bytes)
    {
        _data.Update(bytes);
        _instance.Update(bytes);
    }

    /// <summary>Ends the hasher.</summary>
    public StreamCodes Finish()
    {
        var data = _data.Finish();
        return new StreamCodes(data, _instance.Finish().Code);
    }

    public void Dispose() => _instance.Dispose();
}
