using DigitalCollections.Api.Chain;

namespace DigitalCollections.IntegrationTests.Infrastructure;

/// <summary>Hardhat's well-known development accounts, used here as creators and owners with their own keys.</summary>
public sealed record TestAccount(string PrivateKeyHex)
{
    public byte[] PrivateKey => Formats.FromHex(PrivateKeyHex);
    public string Address => ChainKeys.AddressOf(PrivateKey);

    public static readonly TestAccount Alice = new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    public static readonly TestAccount Bob = new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    public static readonly TestAccount Carol = new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    public static readonly TestAccount Dave = new("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a"); // Hardhat #4
}
