using System.Security.Cryptography;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.Api.Data;
using DigitalCollections.UnitTests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalCollections.UnitTests.Accounts;

/// <summary>A database whose custodial accounts were sealed with another master key, or a missing one, does not start.</summary>
public sealed class MasterKeyGuardTests : IAsyncLifetime
{
    private TempDatabase _temp = null!;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _otherKey = RandomNumberGenerator.GetBytes(32);

    private AppDbContext Db => _temp.Db;
    private string DataDirectory => _temp.Directory.Path;

    public async Task InitializeAsync() => _temp = await TempDatabase.CreateAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    private void Ensure(byte[]? configured, Func<CustodialKeyVault>? open = null)
    {
        Db.ChangeTracker.Clear();
        MasterKeyGuard.Ensure(Db, configured is null ? null : Convert.ToBase64String(configured), DataDirectory,
            open ?? (() => new CustodialKeyVault(configured ?? throw new InvalidOperationException("no key to open"))),
            TimeProvider.System, NullLogger.Instance);
    }

    private async Task AddAccountAsync(byte[] masterKey)
    {
        var (address, privateKey) = ChainKeys.Generate();
        Db.Accounts.Add(new CustodialAccount
        {
            Address = address, Name = "Ada", KeyId = Guid.NewGuid().ToString("N")[..12], ApiKeyHash = new byte[32],
            EncryptedPrivateKey = new CustodialKeyVault(masterKey).Encrypt(privateKey, address), CreatedAt = DateTimeOffset.UtcNow,
        });
        await Db.SaveChangesAsync();
    }

    private static void AssertNamesTheSettingOnly(InvalidOperationException e, params byte[][] keys)
    {
        Assert.Contains("Custody:MasterKey", e.Message);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(Convert.ToBase64String(key), e.Message);
            Assert.DoesNotContain(Convert.ToHexString(key), e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_first_start_stores_the_check_value_and_the_same_key_starts_again()
    {
        Ensure(_key);
        var stored = await Db.CustodyKeyChecks.SingleAsync();
        Assert.Equal(new CustodialKeyVault(_key).CheckValue(), stored.CheckValue);
        Assert.NotEqual(_key, stored.CheckValue);

        await AddAccountAsync(_key);
        Ensure(_key);
    }

    [Fact]
    public async Task Another_key_is_refused_once_accounts_were_sealed()
    {
        Ensure(_key);
        await AddAccountAsync(_key);

        var e = Assert.Throws<InvalidOperationException>(() => Ensure(_otherKey));
        AssertNamesTheSettingOnly(e, _key, _otherKey);
        Assert.Equal(new CustodialKeyVault(_key).CheckValue(), (await Db.CustodyKeyChecks.AsNoTracking().SingleAsync()).CheckValue);
    }

    [Fact]
    public async Task No_key_at_all_is_refused_before_one_is_generated()
    {
        Ensure(_key);
        await AddAccountAsync(_key);
        var opened = false;

        var e = Assert.Throws<InvalidOperationException>(() => Ensure(null, () => { opened = true; return new CustodialKeyVault(_otherKey); }));

        AssertNamesTheSettingOnly(e, _key);
        Assert.Contains("master.key", e.Message);
        Assert.False(opened, "the development key must not be generated for a database that holds sealed accounts");
    }

    [Fact]
    public async Task A_database_from_before_the_check_is_judged_by_an_account_it_holds()
    {
        await AddAccountAsync(_key); // no check value yet

        Assert.Throws<InvalidOperationException>(() => Ensure(_otherKey));
        Assert.Empty(await Db.CustodyKeyChecks.AsNoTracking().ToListAsync());

        Ensure(_key);
        Assert.Equal(new CustodialKeyVault(_key).CheckValue(), (await Db.CustodyKeyChecks.AsNoTracking().SingleAsync()).CheckValue);
    }

    [Fact]
    public async Task Without_accounts_a_new_key_replaces_the_recorded_one()
    {
        Ensure(_key);
        Ensure(_otherKey);
        Assert.Equal(new CustodialKeyVault(_otherKey).CheckValue(), (await Db.CustodyKeyChecks.AsNoTracking().SingleAsync()).CheckValue);
    }

    [Fact]
    public void The_check_value_is_the_same_for_a_key_and_differs_between_keys()
    {
        Assert.Equal(new CustodialKeyVault(_key).CheckValue(), new CustodialKeyVault(_key.ToArray()).CheckValue());
        Assert.NotEqual(new CustodialKeyVault(_key).CheckValue(), new CustodialKeyVault(_otherKey).CheckValue());
    }
}
