using DigitalCollections.Api.Data;
using DigitalCollections.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DigitalCollections.IntegrationTests.Data;

/// <summary>One leader at a time: the lease the API registers, on both stores, and across instances on PostgreSQL.</summary>
[Collection(ChainCollection.Name)]
public sealed class LeaderLeaseTests(ChainFixture fixture)
{
    private static string NewName() => "test-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_apis_lease_has_one_holder_at_a_time_and_is_free_again_once_disposed()
    {
        var leases = fixture.Api.Services.GetRequiredService<IDistributedLease>();
        Assert.IsType(TestStore.IsPostgres ? typeof(PostgresDistributedLease) : typeof(SingleInstanceLease), leases);
        var name = NewName();

        var held = await leases.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal(name, held.Name);
        Assert.False(held.Lost.IsCancellationRequested);
        Assert.Null(await leases.TryAcquireAsync(name, CancellationToken.None));
        await using (var other = await leases.TryAcquireAsync(name + "-other", CancellationToken.None)) Assert.NotNull(other);

        await held.DisposeAsync();
        await using var again = await leases.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(again);
    }

    [PostgresFact]
    public async Task Two_instances_on_one_database_never_hold_the_same_lease_together()
    {
        // The API's own lease and a second instance's, on the API's database.
        var api = fixture.Api.Services.GetRequiredService<IDistributedLease>();
        var second = new PostgresDistributedLease(TestStore.ConnectionStringFor(fixture.Api.DataDirectory), NullLogger<PostgresDistributedLease>.Instance);
        var name = NewName();

        var held = await api.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);
        // Many tries at once from the other instance: none gets it.
        var tries = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => second.TryAcquireAsync(name, CancellationToken.None)));
        Assert.All(tries, Assert.Null);

        await held.DisposeAsync(); // released at once, not when a session times out
        var taken = await second.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await api.TryAcquireAsync(name, CancellationToken.None));
        await taken.DisposeAsync();
        await using var back = await api.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(back);
    }

    [PostgresFact]
    public async Task A_holder_whose_database_session_dies_loses_the_lease_and_another_instance_takes_it()
    {
        // A database of its own, so only this test's lease sessions are in it.
        var connectionString = TestStore.ConnectionStringFor(Path.Combine(fixture.Node.WorkDirectory, "lease-" + Guid.NewGuid().ToString("N")));
        var first = new PostgresDistributedLease(connectionString, NullLogger<PostgresDistributedLease>.Instance, TimeSpan.FromMilliseconds(200));
        var second = new PostgresDistributedLease(connectionString, NullLogger<PostgresDistributedLease>.Instance, TimeSpan.FromMilliseconds(200));
        var name = NewName();

        await using var held = await first.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync(name, CancellationToken.None));

        // The holder's session ends without an unlock, as when its process is killed or its connection is cut.
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND application_name = 'digitalcollections-lease' AND pid <> pg_backend_pid()) t", admin);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        await using var taken = await second.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(taken);
        // The old holder learns it within a check or two, and must stop leading.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!held.Lost.IsCancellationRequested && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(held.Lost.IsCancellationRequested, "the holder whose session died was told it lost the lease");
        Assert.False(taken.Lost.IsCancellationRequested);
    }
}
