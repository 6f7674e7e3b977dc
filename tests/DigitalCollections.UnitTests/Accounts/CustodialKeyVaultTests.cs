using System.Security.Cryptography;
using DigitalCollections.Api.Accounts;
using DigitalCollections.Api.Chain;
using DigitalCollections.UnitTests.TestSupport;

namespace DigitalCollections.UnitTests.Accounts;

public sealed class CustodialKeyVaultTests : IDisposable
{
    private const string Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string OtherAddress = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private readonly TempDirectory _dir = new();
    private readonly CustodialKeyVault _vault = new(RandomNumberGenerator.GetBytes(32));
    private readonly byte[] _privateKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Encrypt_then_decrypt_gives_the_key_back()
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        Assert.Equal(_privateKey, _vault.Decrypt(sealedKey, Address));
    }

    [Fact]
    public void The_ciphertext_does_not_contain_the_key_and_is_fresh_each_time()
    {
        var a = _vault.Encrypt(_privateKey, Address);
        var b = _vault.Encrypt(_privateKey, Address);
        Assert.Equal(12 + 32 + 16, a.Length); // nonce + ciphertext + tag
        Assert.NotEqual(a, b);                 // random nonce
        Assert.False(a.AsSpan().IndexOf(_privateKey) >= 0);
    }

    [Fact]
    public void The_address_is_matched_case_insensitively()
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        Assert.Equal(_privateKey, _vault.Decrypt(sealedKey, Address.ToLowerInvariant()));
        Assert.Equal(_privateKey, _vault.Decrypt(sealedKey, "0x" + Address[2..].ToUpperInvariant()));
    }

    [Theory]
    [InlineData(0)]      // nonce
    [InlineData(12)]     // first ciphertext byte
    [InlineData(43)]     // last ciphertext byte
    [InlineData(44)]     // tag
    [InlineData(59)]     // last tag byte
    public void A_tampered_byte_is_detected(int index)
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        sealedKey[index] ^= 0x01;
        Assert.ThrowsAny<CryptographicException>(() => _vault.Decrypt(sealedKey, Address));
    }

    [Fact]
    public void A_ciphertext_cannot_be_moved_to_another_account()
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        Assert.ThrowsAny<CryptographicException>(() => _vault.Decrypt(sealedKey, OtherAddress));
    }

    [Fact]
    public void Another_master_key_cannot_decrypt()
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        var other = new CustodialKeyVault(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => other.Decrypt(sealedKey, Address));
    }

    [Fact]
    public void A_truncated_ciphertext_is_refused_as_a_cryptographic_failure()
    {
        var sealedKey = _vault.Encrypt(_privateKey, Address);
        Assert.ThrowsAny<CryptographicException>(() => _vault.Decrypt(sealedKey[..^1], Address));
        Assert.ThrowsAny<CryptographicException>(() => _vault.Decrypt(sealedKey[..28], Address)); // nonce + tag, no ciphertext
    }

    [Fact]
    public void A_ciphertext_shorter_than_nonce_and_tag_is_refused_as_a_cryptographic_failure()
    {
        Assert.ThrowsAny<CryptographicException>(() => _vault.Decrypt(new byte[10], Address));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_master_key_that_is_not_32_bytes_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => new CustodialKeyVault(new byte[length]));

    [Fact]
    public void A_real_account_key_round_trips_and_still_signs_as_its_address()
    {
        var (address, key) = ChainKeys.Generate();
        var restored = _vault.Decrypt(_vault.Encrypt(key, address), address);
        Assert.Equal(address, ChainKeys.AddressOf(restored), ignoreCase: true);
    }

    [Fact]
    public void On_the_hardhat_chain_without_configuration_a_key_is_generated_once()
    {
        var data = _dir.Combine("data");

        var first = CustodialKeyVault.LoadMasterKey(null, data, 31337);
        var path = Path.Combine(data, "master.key");
        Assert.True(File.Exists(path));
        Assert.Equal(32, first.Length);
        Assert.Equal(first, Convert.FromBase64String(File.ReadAllText(path).Trim()));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        var written = File.GetLastWriteTimeUtc(path);
        var second = CustodialKeyVault.LoadMasterKey("  ", data, 31337);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.GetFiles(data));
    }

    [Fact]
    public void Two_data_folders_get_different_generated_keys()
    {
        var a = CustodialKeyVault.LoadMasterKey(null, _dir.Combine("a"), 31337);
        var b = CustodialKeyVault.LoadMasterKey(null, _dir.Combine("b"), 31337);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(11155111L)]
    public void Another_chain_without_configuration_is_refused_naming_the_setting(long chainId)
    {
        var data = _dir.Combine("data");
        var e = Assert.Throws<InvalidOperationException>(() => CustodialKeyVault.LoadMasterKey(null, data, chainId));
        Assert.Contains("Custody__MasterKey", e.Message);
        Assert.False(File.Exists(Path.Combine(data, "master.key")), "no key may be generated for a real chain");
    }

    [Fact]
    public void Another_chain_does_not_pick_up_a_generated_development_key()
    {
        var data = _dir.Combine("data");
        CustodialKeyVault.LoadMasterKey(null, data, 31337);
        Assert.Throws<InvalidOperationException>(() => CustodialKeyVault.LoadMasterKey(null, data, 1));
    }

    [Theory]
    [InlineData(31337L)]
    [InlineData(1L)]
    public void A_configured_key_is_used_as_is(long chainId)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var data = _dir.Combine("data");
        Assert.Equal(key, CustodialKeyVault.LoadMasterKey(Convert.ToBase64String(key), data, chainId));
        Assert.False(File.Exists(Path.Combine(data, "master.key")));
    }

    [Fact]
    public void A_configured_key_that_is_not_base64_is_refused_without_echoing_it()
    {
        const string configured = "this is not base64 !!!";
        var e = Assert.Throws<InvalidOperationException>(() => CustodialKeyVault.LoadMasterKey(configured, _dir.Path, 1));
        Assert.Contains("Custody__MasterKey", e.Message);
        Assert.DoesNotContain(configured, e.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void A_configured_key_of_the_wrong_length_is_refused(int length)
    {
        var configured = Convert.ToBase64String(RandomNumberGenerator.GetBytes(length));
        var e = Assert.Throws<InvalidOperationException>(() => CustodialKeyVault.LoadMasterKey(configured, _dir.Path, 1));
        Assert.Contains("32 bytes", e.Message);
        Assert.DoesNotContain(configured, e.Message);
    }
}
