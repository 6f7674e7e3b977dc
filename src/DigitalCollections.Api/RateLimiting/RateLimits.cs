using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using DigitalCollections.Api.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DigitalCollections.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter with our policies (see <see cref="RateLimitOptions"/>): fixed one-minute windows per
/// client, refused with a 429 problem and Retry-After. Routes without a policy (health, Swagger, the pages) are
/// not limited: probes and static files must not be refused.
/// </summary>
public static class RateLimits
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .Validate(o => !o.Enabled || new[] { o.Accounts.PermitsPerMinute, o.Writes.PermitsPerMinute, o.Writes.AddressPermitsPerMinute, o.Reads.PermitsPerMinute }.All(p => p >= 1),
                "RateLimits:Accounts/Writes/Reads:PermitsPerMinute and RateLimits:Writes:AddressPermitsPerMinute must be at least 1 (RateLimits:Enabled=false turns the limits off).")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Each client's budget is the global limiter, which runs first: a request its own budget refuses never
            // reaches, and never spends, the address's ceiling for keyed writes (the writes policy's limiter). The
            // framework tries a refused request twice, which would charge an earlier limiter twice.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => PolicyOf(context) switch
            {
                RateLimitPolicies.Accounts => FixedWindow("accounts " + RateLimitClients.Address(context), limits.Accounts.PermitsPerMinute),
                RateLimitPolicies.Writes => FixedWindow("writes " + RateLimitClients.KeyOrAddress(context), limits.Writes.PermitsPerMinute),
                // Reads do not authenticate: a key there would be an unchecked label, and a new one a fresh budget.
                RateLimitPolicies.Reads => FixedWindow("reads " + RateLimitClients.Address(context), limits.Reads.PermitsPerMinute),
                _ => RateLimitPartition.GetNoLimiter(""),
            });
            limiter.AddPolicy(RateLimitPolicies.Writes, context => RateLimitClients.ApiKey(context) is null
                ? RateLimitPartition.GetNoLimiter("")
                : FixedWindow(RateLimitClients.Address(context), limits.Writes.AddressPermitsPerMinute));
            limiter.AddPolicy(RateLimitPolicies.Accounts, _ => RateLimitPartition.GetNoLimiter(""));
            limiter.AddPolicy(RateLimitPolicies.Reads, _ => RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = (rejected, _) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease);
        });
        return builder;
    }

    /// <summary>
    /// Before the Idempotency-Key middleware: a refused request leaves no key record behind (a retry with the same
    /// key runs normally), and a replay counts as a request.
    /// </summary>
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.Enabled) app.UseRateLimiter();
        return app;
    }

    /// <summary>Counts the endpoint's requests against <paramref name="policy"/> (one of <see cref="RateLimitPolicies"/>) and documents its 429.</summary>
    public static RouteHandlerBuilder RateLimited(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireRateLimiting(policy).ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static string? PolicyOf(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static RateLimitPartition<string> FixedWindow(string client, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = Window,
            QueueLimit = 0, // refuse at once: a queued request would hold its connection for up to a minute
        });

    private static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var policy = PolicyOf(context);
        var what = policy switch
        {
            RateLimitPolicies.Accounts => "accounts created",
            RateLimitPolicies.Writes => "writes",
            _ => "requests",
        };
        // Debug, not Information: a refused flood must not become a flood in the log. Never the key, only the policy.
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
            .LogDebug("Rate limit {Policy} refused {Method} {Path}", policy, context.Request.Method, context.Request.Path);

        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = ProblemTypes.For("rate-limited"),
            Title = "Too many requests.",
            Detail = $"This client sent more {what} this minute than the service allows; retry after {seconds} seconds.",
            Instance = context.Request.Path,
        };
        problem.Extensions["policy"] = policy;
        problem.Extensions["retryAfterSeconds"] = seconds;
        problem.Extensions["traceId"] = context.TraceIdentifier;
        await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
