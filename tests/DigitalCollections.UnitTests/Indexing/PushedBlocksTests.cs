using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Indexing;

namespace DigitalCollections.UnitTests.Indexing;

/// <summary>The pushed blocks the indexer may commit without asking the chain: only complete blocks chaining from its checkpoint.</summary>
public class PushedBlocksTests
{
    private static string Hash(long n, string branch = "a") => "0x" + $"{branch}{n:x}".PadLeft(64, '0');

    private static BlockHeader Header(long n, string branch = "a", string? parentBranch = null) =>
        new(n, Hash(n, branch), Hash(n - 1, parentBranch ?? branch), 1_700_000_000 + n);

    private static PushedLog Log(long n, long index, string branch = "a") =>
        new(new ContractLog(ContractLogKind.Transfer, n, Formats.ZeroAddress, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", null, null,
            n, Hash(n, branch), index, "0x" + $"{n:x}{index:x}".PadLeft(64, '0')), Removed: false);

    private static PushedBlocks Started()
    {
        var pushed = new PushedBlocks();
        pushed.Started();
        return pushed;
    }

    [Fact]
    public void Blocks_whose_logs_came_first_are_taken_at_once_in_chain_order()
    {
        var pushed = Started();
        pushed.Add(Log(11, 1));
        pushed.Add(Log(11, 0));
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: true));
        pushed.Add(Log(12, 0));
        pushed.Add(new PushedHeader(Header(12), MayHaveContractLogs: true));

        var (headers, logs) = pushed.Take(10, Hash(10), 100);

        Assert.Equal([11L, 12L], headers.Select(h => h.Number));
        Assert.Equal([(11L, 0L), (11L, 1L), (12L, 0L)], logs.Select(l => (l.BlockNumber, l.LogIndex)));
    }

    [Fact]
    public void A_block_the_bloom_rules_out_needs_no_logs()
    {
        var pushed = Started();
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: false));
        var (headers, logs) = pushed.Take(10, Hash(10), 100);
        Assert.Equal([11L], headers.Select(h => h.Number));
        Assert.Empty(logs);
    }

    [Fact]
    public void A_block_that_may_have_logs_but_came_without_them_waits_for_a_later_block()
    {
        var pushed = Started();
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: true));
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
        Assert.NotNull(pushed.Waiting(10));

        // Its logs after its header (another node's order): still not trusted until block 12 arrives.
        pushed.Add(Log(11, 0));
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
        pushed.Add(new PushedHeader(Header(12), MayHaveContractLogs: false));
        var (headers, logs) = pushed.Take(10, Hash(10), 100);
        Assert.Equal([11L, 12L], headers.Select(h => h.Number));
        Assert.Single(logs);
    }

    [Fact]
    public void Nothing_is_taken_that_does_not_hang_off_the_checkpoint()
    {
        var pushed = Started();
        pushed.Add(new PushedHeader(Header(11, "b"), MayHaveContractLogs: false)); // another branch: parent is b10
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);

        pushed.Add(new PushedHeader(Header(13), MayHaveContractLogs: false)); // a gap: 12 never came
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
        Assert.False(pushed.Has(12));
    }

    [Fact]
    public void A_fork_replaces_the_pushed_block_of_the_same_number()
    {
        var pushed = Started();
        pushed.Add(new PushedHeader(Header(11, "b", parentBranch: "a"), MayHaveContractLogs: false));
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: false));
        Assert.Equal(Hash(11), pushed.Take(10, Hash(10), 100).Headers.Single().Hash);
    }

    [Fact]
    public void A_log_taken_back_disrupts_the_pushes_until_the_chain_is_checked()
    {
        var pushed = Started();
        pushed.Add(Log(11, 0));
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: true));
        pushed.Add(Log(11, 0) with { Removed = true });

        Assert.True(pushed.Disrupted);
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
        pushed.Checked();
        Assert.False(pushed.Disrupted);
    }

    [Fact]
    public void Logs_the_bloom_denies_are_a_contradiction_and_nothing_is_taken()
    {
        var pushed = Started();
        pushed.Add(Log(11, 0));
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: false));
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
        Assert.True(pushed.Disrupted);
    }

    [Fact]
    public void Committed_blocks_are_forgotten_and_a_step_takes_at_most_its_share()
    {
        var pushed = Started();
        for (var n = 11; n <= 15; n++) pushed.Add(new PushedHeader(Header(n), MayHaveContractLogs: false));

        Assert.Equal([11L, 12L], pushed.Take(10, Hash(10), 2).Headers.Select(h => h.Number));
        Assert.Equal([13L, 14L, 15L], pushed.Take(12, Hash(12), 100).Headers.Select(h => h.Number));
        Assert.False(pushed.Has(12));
        Assert.Equal(15, pushed.Latest);
    }

    [Fact]
    public void A_new_connection_starts_empty_and_counts_as_a_new_epoch()
    {
        var pushed = Started();
        pushed.Add(new PushedHeader(Header(11), MayHaveContractLogs: false));
        var epoch = pushed.Epoch;
        pushed.Stopped();
        Assert.False(pushed.Connected);
        pushed.Started();
        Assert.True(pushed.Connected);
        Assert.Equal(epoch + 1, pushed.Epoch);
        Assert.Empty(pushed.Take(10, Hash(10), 100).Headers);
    }
}
