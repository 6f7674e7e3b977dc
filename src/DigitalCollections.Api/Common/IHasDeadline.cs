namespace DigitalCollections.Api.Common;

/// <summary>A write whose authorisation carries a deadline, which the contract judges by the chain's clock.</summary>
public interface IHasDeadline
{
    /// <summary>The deadline the client signed (Unix seconds); null when this API set it (a custodial account's write).</summary>
    long? ClientDeadline { get; }
}
