using DigitalCollections.Api.Chain;
using DigitalCollections.Api.ChainInfo;
using DigitalCollections.UnitTests.TestSupport;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Indexing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DigitalCollections.UnitTests.ChainInfo;

/// <summary>The chain's clock comes from the index's heads while it follows, from the node otherwise.</summary>
public sealed class ChainClockTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly SteppingClock _clock = new(Now);
    private readonly IndexStatus.Writer _index;
    private readonly NodeHeads _node = new();

    public ChainClockTests() => _index = new IndexStatus.Writer(_clock);

    private ChainClock Clock => new(_index.Status, _node, _clock);

    private static BlockHeader Header(long number, DateTimeOffset time) =>
        new(number, $"0x{number:x64}", $"0x{number - 1:x64}", time.ToUnixTimeSeconds());

    private void IndexFollowsPushes(BlockHeader head)
    {
        _index.Update(head.Number, head.Hash, head.Number);
        _index.FollowsPushes(true);
        _index.NoteHead(head);
    }

    [Fact]
    public async Task While_the_index_follows_its_newest_header_is_the_clock_and_the_node_is_not_asked()
    {
        IndexFollowsPushes(Header(5000, Now.AddSeconds(4995)));
        _node.Latest = Header(1, Now); // would be wrong if asked

        var read = await Clock.ReadAsync(default);

        Assert.Equal(5000, read.BlockNumber);
        Assert.Equal(4995, read.OffsetSeconds);
        Assert.Equal(0, _node.Calls);
    }

    [Fact]
    public async Task A_newer_head_than_the_index_has_a_header_for_is_read_from_the_node()
    {
        IndexFollowsPushes(Header(10, Now));
        _index.NoteHead(11); // announced (e.g. by the chain check), its header not seen yet
        _node.Latest = Header(11, Now.AddSeconds(7200));

        Assert.Equal(7200, (await Clock.ReadAsync(default)).OffsetSeconds);
        Assert.Equal(1, _node.Calls);
    }

    [Fact]
    public async Task An_index_that_does_not_follow_leaves_it_to_the_node_asked_at_most_once_a_second()
    {
        _node.Latest = Header(3, Now.AddSeconds(-30));
        var clock = Clock;

        Assert.Equal(-30, (await clock.ReadAsync(default)).OffsetSeconds);
        await clock.ReadAsync(default);
        Assert.Equal(1, _node.Calls);

        _clock.Advance(TimeSpan.FromSeconds(2));
        _node.Latest = Header(4, Now.AddSeconds(2));
        Assert.Equal(4, (await clock.ReadAsync(default)).BlockNumber);
        Assert.Equal(2, _node.Calls);
    }

    [Fact]
    public async Task A_polling_index_that_has_not_looked_for_a_while_is_not_trusted()
    {
        _index.Update(10, "0x0a", 10);
        _index.NoteHead(Header(10, Now));
        _clock.Advance(TimeSpan.FromSeconds(5)); // polling, and no look for 5 s
        _node.Latest = Header(12, Now.AddSeconds(5));

        Assert.Equal(12, (await Clock.ReadAsync(default)).BlockNumber);
    }

    [Theory]
    [InlineData(9767, 9767)] // the chain runs ahead: deadlines count from its clock
    [InlineData(-7200, 0)]   // a quiet chain's latest block is old; its next block gets the present time
    public async Task Deadlines_count_from_the_later_of_the_chain_clock_and_the_wall_clock(long chainOffset, long expectedOffset)
    {
        IndexFollowsPushes(Header(100, Now.AddSeconds(chainOffset)));
        Assert.Equal(Now.ToUnixTimeSeconds() + expectedOffset, await Clock.DeadlineBaseAsync(default));
    }

    [Theory]
    [InlineData(61, HealthStatus.Degraded)]
    [InlineData(60, HealthStatus.Healthy)]
    [InlineData(-86_400, HealthStatus.Healthy)]
    public async Task Readiness_warns_only_when_the_chain_runs_ahead_past_the_setting(long offset, HealthStatus expected)
    {
        IndexFollowsPushes(Header(100, Now.AddSeconds(offset)));
        var check = new ChainClockCheck(Clock, Options.Create(new ChainOptions { MaxClockOffsetSeconds = 60 }));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(expected, result.Status);
        Assert.Equal(offset, result.Data["offsetSeconds"]);
        if (expected == HealthStatus.Degraded) Assert.Contains("Chain:MaxClockOffsetSeconds", result.Description);
    }

    [Fact]
    public async Task An_unreachable_chain_is_the_chain_checks_to_report()
    {
        _node.Unreachable = true;
        var check = new ChainClockCheck(Clock, Options.Create(new ChainOptions()));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public void An_expired_deadline_the_client_sent_names_the_field_with_the_chain_clock()
    {
        var refusal = new ContractRevertedException(new ContractError("AuthorizationExpired", new Dictionary<string, string> { ["deadline"] = "100" }));
        Assert.True(ContractRevertProblems.IsExpiry(refusal));

        var problem = ContractRevertProblems.Expired(refusal, clientDeadline: 100, chainTimeUnix: 9000, chainOffsetSeconds: 4000);

        Assert.Equal((400, "authorization-expired", "deadline"), (problem.Status, problem.Slug, problem.Field));
        Assert.Contains("4000 s ahead", problem.Message);
    }

    [Fact]
    public void An_expired_deadline_the_api_set_names_no_field_and_keeps_the_transaction()
    {
        var id = Guid.NewGuid();
        var refusal = new ApiProblemException(400, "authorization-expired", "The authorisation has expired.", "The deadline 100 has passed.",
            "deadline", new Dictionary<string, object?> { ["transactionId"] = id });
        Assert.True(ContractRevertProblems.IsExpiry(refusal));

        var problem = ContractRevertProblems.Expired(refusal, clientDeadline: null, chainTimeUnix: 9000, chainOffsetSeconds: 0);

        Assert.Null(problem.Field);
        Assert.Equal(503, problem.Status);
        Assert.DoesNotContain("deadline 100", problem.Message);
        Assert.Equal(id, problem.Extensions["transactionId"]);
    }

    [Fact]
    public void Other_refusals_are_not_expiries()
    {
        Assert.False(ContractRevertProblems.IsExpiry(new ContractRevertedException(new ContractError("InvalidSignature", new Dictionary<string, string>()))));
        Assert.False(ContractRevertProblems.IsExpiry(ApiProblemException.BadRequest("deadline", "'deadline' must be a Unix time in seconds that has not passed yet.")));
    }

    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public void Advance(TimeSpan by) => _now += by;
        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>A node that answers only the latest block's header, and counts the calls.</summary>
    private sealed class NodeHeads : FakeChainReader
    {
        public BlockHeader Latest { get; set; } = new(0, "0x00", "0x00", 0);
        public bool Unreachable { get; set; }
        public int Calls => CallsOf(nameof(GetLatestBlockHeaderAsync));

        public override Task<BlockHeader> GetLatestBlockHeaderAsync(CancellationToken ct) =>
            Unreachable ? Fail<BlockHeader>(new ChainUnavailableException("down", new HttpRequestException())) : Answer(Latest);
    }
}
