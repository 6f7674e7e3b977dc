namespace DigitalCollections.Api.Chain;

/// <summary>Something the node pushed over its WebSocket subscription.</summary>
public abstract record ChainPush;

/// <summary>Both subscriptions are in place: pushes from here on are complete.</summary>
public sealed record PushesStarted : ChainPush;

/// <summary>A new block's header; <paramref name="MayHaveContractLogs"/> is its logs bloom's answer for the contract's address.</summary>
public sealed record PushedHeader(BlockHeader Header, bool MayHaveContractLogs) : ChainPush;

/// <summary>One of the contract's logs. <paramref name="Removed"/>: the node took it back (a reorganisation).</summary>
public sealed record PushedLog(ContractLog Log, bool Removed) : ChainPush;
