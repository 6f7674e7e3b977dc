namespace DigitalCollections.Api.Similarity;

/// <summary>
/// Where the similarity index has read the works table up to. Row ids are handed out when a row is inserted,
/// not when it commits: on PostgreSQL two instances' (or two requests') transactions can commit out of id order,
/// so a poll may see id 11 while id 10 is still in flight. A plain "id greater than the last seen" would then skip
/// 10 for ever. So the cursor also remembers the ids it stepped over (gaps) and asks for them again on every poll,
/// until they turn up or are old enough that no transaction can still hold them (a rolled-back insert, or a row
/// of another deployment, leaves a gap that never fills).
/// </summary>
public sealed class WorkRowCursor(TimeProvider clock, TimeSpan gapLifetime, int maxGaps = WorkRowCursor.DefaultMaxGaps)
{
    // Enough for every insert in flight at once (each holds one id); beyond it the oldest gaps are dropped first.
    public const int DefaultMaxGaps = 1024;

    private readonly SortedDictionary<long, DateTimeOffset> _gaps = new(); // id → when it was first stepped over

    /// <summary>Highest id seen.</summary>
    public long After { get; private set; }

    /// <summary>Ids below <see cref="After"/> not seen yet that may still commit.</summary>
    public IReadOnlyCollection<long> Gaps => _gaps.Keys;

    /// <summary>Records the ids a poll returned (in ascending order), and forgets gaps past their lifetime.</summary>
    public void Observe(IEnumerable<long> ids)
    {
        var now = clock.GetUtcNow();
        foreach (var id in ids)
        {
            if (id <= After)
            {
                _gaps.Remove(id);
                continue;
            }
            // Only the newest gaps matter when ids jump far (a sequence that skipped ahead after a crash).
            for (var missing = Math.Max(After + 1, id - maxGaps); missing < id; missing++) _gaps[missing] = now;
            After = id;
        }
        var expired = _gaps.Where(g => now - g.Value > gapLifetime).Select(g => g.Key).ToList();
        foreach (var id in expired) _gaps.Remove(id);
        while (_gaps.Count > maxGaps) _gaps.Remove(_gaps.Keys.First());
    }

    /// <summary>Reads from the start again (rows already handled are the caller's to skip).</summary>
    public void Reset()
    {
        After = 0;
        _gaps.Clear();
    }
}
