using System.Data.Common;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.Api.Similarity;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.Similarity;

/// <summary>Registrations catching the index up at once share reads of the works table, and each still sees every row committed before it asked.</summary>
public sealed class SimilarityIndexRefresherTests
{
    private static readonly Deployment Deployment = new(31337, "0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, "0x01", []);

    /// <summary>Counts reads (each read opens one scope for its context).</summary>
    private sealed class CountingScopes(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _created;
        public int Created => Volatile.Read(ref _created);

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateScope();
        }
    }

    /// <summary>
    /// Makes each query take a while, as under load, without holding a thread: a blocking delay would starve the
    /// thread pool on a 2-core machine, so callers would arrive one by one instead of at the same moment.
    /// </summary>
    private sealed class SlowQueries(TimeSpan delay) : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            return result;
        }
    }

    private static (SimilarityIndexRefresher Refresher, SimilarityIndex Index, CountingScopes Scopes, ServiceProvider Provider) Build(TempDatabase database, TimeSpan delay,
        TimeProvider? clock = null, bool soleWriter = false)
    {
        var services = new ServiceCollection();
        var path = Path.Combine(database.Directory.Path, AppDatabase.SqliteFileName);
        services.AddDbContext<AppDbContext>(o => o.UseSqlite($"Data Source={path}").AddInterceptors(new SlowQueries(delay)));
        var provider = services.BuildServiceProvider();
        var scopes = new CountingScopes(provider.GetRequiredService<IServiceScopeFactory>());
        var index = new SimilarityIndex();
        var refresher = new SimilarityIndexRefresher(index, scopes, Deployment, Options.Create(new SimilarityOptions()), clock ?? TimeProvider.System,
            NullLogger<SimilarityIndexRefresher>.Instance, soleWriter);
        return (refresher, index, scopes, provider);
    }

    private static async Task<WorkRecord> AddWorkAsync(AppDbContext db, long tokenId)
    {
        var work = new WorkRecord
        {
            DeploymentKey = Deployment.Key, TokenId = tokenId, ContentHash = $"0x{tokenId:x64}", Title = $"Work {tokenId}",
            ContentType = "image/png", Creator = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", TransactionHash = $"0x{tokenId:x64}",
            BlockNumber = tokenId, RegisteredAt = DateTimeOffset.UtcNow,
            SimilarityKind = (int)SimilarityCodeKind.Image, SimilarityBits = unchecked(tokenId * -7046029254386353131L),
        };
        db.Works.Add(work);
        await db.SaveChangesAsync();
        return work;
    }

    private static bool Indexed(SimilarityIndex index, WorkRecord work) =>
        index.Search(SimilarityCodeKind.Image, unchecked((ulong)work.SimilarityBits!.Value), 0, 10).Any(h => h.TokenId == work.TokenId);

    [Fact]
    public async Task Callers_at_the_same_moment_share_reads()
    {
        await using var database = await TempDatabase.CreateAsync();
        var (refresher, index, scopes, provider) = Build(database, TimeSpan.FromMilliseconds(300));
        await using var _ = provider;
        var work = await AddWorkAsync(database.Db, 1);

        var callers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await refresher.CatchUpAsync(CancellationToken.None);
            return Indexed(index, work);
        })));

        Assert.All(callers, Assert.True);
        // One read that was under way and one queued behind it for everyone who came meanwhile (50 reads before).
        Assert.InRange(scopes.Created, 1, 3);
    }

    [Fact]
    public async Task A_caller_sees_every_row_committed_before_it_asked_even_while_a_read_is_under_way()
    {
        await using var database = await TempDatabase.CreateAsync();
        var (refresher, index, _, provider) = Build(database, TimeSpan.FromMilliseconds(200));
        await using var __ = provider;
        await AddWorkAsync(database.Db, 1);

        var first = Task.Run(() => refresher.CatchUpAsync(CancellationToken.None));
        await Task.Delay(50); // the first read is under way
        var late = await AddWorkAsync(database.Db, 2);
        await refresher.CatchUpAsync(CancellationToken.None);

        Assert.True(Indexed(index, late));
        await first;
    }

    [Fact]
    public async Task As_the_sole_writer_a_caller_reads_only_after_a_noted_commit()
    {
        await using var database = await TempDatabase.CreateAsync();
        var (refresher, index, scopes, provider) = Build(database, TimeSpan.Zero, soleWriter: true);
        await using var _ = provider;
        var first = await AddWorkAsync(database.Db, 1);
        await refresher.CatchUpAsync(CancellationToken.None); // nothing read yet: the first call reads
        Assert.True(Indexed(index, first));
        var reads = scopes.Created;

        await refresher.CatchUpAsync(CancellationToken.None);
        Assert.Equal(reads, scopes.Created); // nothing committed since: no read

        var second = await AddWorkAsync(database.Db, 2);
        refresher.NoteWorksCommitted();
        await refresher.CatchUpAsync(CancellationToken.None);
        Assert.True(Indexed(index, second));
        Assert.Equal(reads + 1, scopes.Created);
    }

    [Fact]
    public async Task Not_the_sole_writer_every_caller_reads()
    {
        await using var database = await TempDatabase.CreateAsync();
        var (refresher, index, _, provider) = Build(database, TimeSpan.Zero);
        await using var __ = provider;
        await refresher.CatchUpAsync(CancellationToken.None);
        var work = await AddWorkAsync(database.Db, 1); // another instance's row: nothing is noted here
        await refresher.CatchUpAsync(CancellationToken.None);
        Assert.True(Indexed(index, work));
    }

    [Fact]
    public async Task Polling_waits_on_the_injected_clock()
    {
        await using var database = await TempDatabase.CreateAsync();
        var clock = new WatchedClock();
        var (refresher, index, _, provider) = Build(database, TimeSpan.Zero, clock);
        await using var __ = provider;
        await refresher.StartAsync(CancellationToken.None);
        try
        {
            await clock.WaitBeganAsync(); // loaded; the first poll waits on the injected clock
            var work = await AddWorkAsync(database.Db, 1);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than RefreshSeconds on the wall clock
            Assert.False(Indexed(index, work));

            clock.Advance(TimeSpan.FromSeconds(new SimilarityOptions().RefreshSeconds));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!Indexed(index, work))
            {
                Assert.True(DateTime.UtcNow < deadline, "the poll after the clock moved did not index the new row");
                await Task.Delay(20);
            }
        }
        finally
        {
            await refresher.StopAsync(CancellationToken.None);
        }
    }
}
