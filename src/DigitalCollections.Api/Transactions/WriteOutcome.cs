using DigitalCollections.Api.Common;

namespace DigitalCollections.Api.Transactions;

/// <summary>A write's answer: done (201 with the result) or still on its way (202 with the transaction).</summary>
public sealed record WriteOutcome<T>(T? Completed, TransactionView? Pending) where T : class
{
    public IResult ToResult(HttpContext context, Func<T, string> location)
    {
        if (Completed is not null) return Results.Created(location(Completed), Completed);
        if (context.Request.PrefersRespondAsync()) context.Response.Headers["Preference-Applied"] = "respond-async";
        context.Response.Headers.RetryAfter = "1";
        return Results.Accepted(TransactionView.LocationOf(Pending!.Id), Pending);
    }
}
