using DigitalCollections.Api.Admin;
using DigitalCollections.Api.Common;
using DigitalCollections.Api.Idempotency;
using DigitalCollections.Api.RateLimiting;
using DigitalCollections.Api.Transactions;

namespace DigitalCollections.Api.Operator;

/// <summary>How every operator route answers and what it declares.</summary>
public static class OperatorAnswers
{
    /// <summary>200 with the transaction once confirmed within the wait; 202 with it (and its Location) while on its way.</summary>
    public static IResult ToResult(this TransactionView transaction, HttpContext context)
    {
        if (transaction.State == TransactionStates.Confirmed) return Results.Ok(transaction);
        if (context.Request.PrefersRespondAsync()) context.Response.Headers["Preference-Applied"] = "respond-async";
        context.Response.Headers.RetryAfter = "1";
        return Results.Accepted(TransactionView.LocationOf(transaction.Id), transaction);
    }

    /// <summary>Scope operator, audited, rate-limited as a write, Idempotency-Key honoured, and every answer declared.</summary>
    public static RouteHandlerBuilder OperatorRoute(this RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name)
            .RateLimited(RateLimitPolicies.Writes)
            .Idempotent()
            .RequireScope(AdminScopes.Operator)
            .WithTags("Operator")
            .WithSummary(summary)
            .Produces<TransactionView>(StatusCodes.Status200OK)
            .Produces<TransactionView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
