using System.Security.Cryptography;
using System.Text;

namespace DigitalCollections.Api.Accounts;

/// <summary>Encrypts custodial private keys at rest with AES-256-GCM under the master key.</summary>
public sealed class CustodialKeyVault
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _masterKey;

    public CustodialKeyVault(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        _masterKey = masterKey;
    }

    /// <summary>The address is bound as associated data, so a ciphertext cannot be moved to another account's row.</summary>
    public byte[] Encrypt(byte[] privateKey, string address)
    {
        var output = new byte[NonceSize + privateKey.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_masterKey, TagSize);
        aes.Encrypt(nonce, privateKey, output.AsSpan(NonceSize, privateKey.Length), output.AsSpan(NonceSize + privateKey.Length), Aad(address));
        return output;
    }

    public byte[] Decrypt(byte[] sealedKey, string address)
    {
        if (sealedKey.Length < NonceSize + TagSize) throw new CryptographicException("The sealed key is truncated.");
        var cipherLength = sealedKey.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_masterKey, TagSize);
        aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize, cipherLength),
            sealedKey.AsSpan(NonceSize + cipherLength), plain, Aad(address));
        return plain;
    }

    private static byte[] Aad(string address) => Encoding.UTF8.GetBytes(address.ToLowerInvariant());

    /// <summary>Whether this master key opens <paramref name="sealedKey"/> (the key itself is wiped at once).</summary>
    public bool Opens(byte[] sealedKey, string address)
    {
        try
        {
            CryptographicOperations.ZeroMemory(Decrypt(sealedKey, address));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static readonly byte[] CheckLabel = Encoding.UTF8.GetBytes("DigitalCollections custody master key check v1");

    /// <summary>
    /// A key check value: HMAC-SHA256 of a fixed label under the master key. Equal values mean the same key;
    /// the value tells nothing about the key (it is a pseudorandom function of it).
    /// </summary>
    public byte[] CheckValue() => HMACSHA256.HashData(_masterKey, CheckLabel);

    /// <summary>The development key's file in the data folder (chain 31337 without Custody:MasterKey).</summary>
    public const string KeyFileName = "master.key";

    /// <summary>
    /// The master key from configuration (base64, 32 bytes). Without one, local development
    /// (chain 31337) generates a key once into the data folder; any other chain must configure it.
    /// </summary>
    public static byte[] LoadMasterKey(string? configured, string dataDirectory, long chainId)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] key;
            try { key = Convert.FromBase64String(configured); }
            catch (FormatException) { throw new InvalidOperationException("Custody__MasterKey is not base64."); }
            if (key.Length != 32) throw new InvalidOperationException("Custody__MasterKey must decode to 32 bytes.");
            return key;
        }
        if (chainId != Chain.ChainOptions.LocalDevelopmentChainId)
            throw new InvalidOperationException(
                $"Chain {chainId} needs Custody__MasterKey (32 random bytes, base64) to protect custodial keys.");

        var path = Path.Combine(dataDirectory, KeyFileName);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(dataDirectory);
        var generated = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToBase64String(generated));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return generated;
    }
}
