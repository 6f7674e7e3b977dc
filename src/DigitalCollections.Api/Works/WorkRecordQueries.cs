using DigitalCollections.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Works;

/// <summary>Lookups of the stored details of a work, shared by the slices that read one.</summary>
public static class WorkRecordQueries
{
    /// <summary>What this API stored about a token of the deployment, or null when it was registered elsewhere.</summary>
    public static Task<WorkRecord?> FindWorkAsync(this AppDbContext db, string deploymentKey, long tokenId, CancellationToken ct) =>
        db.Works.AsNoTracking().SingleOrDefaultAsync(w => w.DeploymentKey == deploymentKey && w.TokenId == tokenId, ct);
}
