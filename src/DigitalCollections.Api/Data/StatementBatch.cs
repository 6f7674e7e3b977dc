using System.Text;
using Microsoft.EntityFrameworkCore;

namespace DigitalCollections.Api.Data;

/// <summary>
/// Hand-written statements sent as one command through EF Core's raw SQL: each value becomes a parameter
/// ({0}, {1} …, typed by the provider as EF Core would type it), a null the literal NULL. For the write path's
/// per-block statements, where the change tracker and update pipeline cost more CPU than the SQL itself.
/// Table and column names come from <see cref="StoreNames"/>.
/// </summary>
internal sealed class StatementBatch
{
    /// <summary>
    /// Parameters per command. Both providers split a command into statements, each far under its parameter
    /// limit; the bound keeps the SQL text and EF Core's formatting of it small (one command of 40,000 values
    /// took twice as long as four of 10,000).
    /// </summary>
    internal const int MaxValues = 10_000;

    private readonly StringBuilder _sql = new();
    private readonly List<object> _values = [];

    public bool IsEmpty => _sql.Length == 0;

    /// <summary>Enough parameters for one command: run it (<see cref="ExecuteAsync"/>) before adding more.</summary>
    public bool IsFull => _values.Count >= MaxValues;

    public StatementBatch Sql(string text)
    {
        _sql.Append(text);
        return this;
    }

    /// <summary>The placeholder for <paramref name="value"/>.</summary>
    public string Value(object? value)
    {
        if (value is null) return "NULL";
        // As the model's converter does on PostgreSQL (timestamptz takes only UTC); everything written is UTC already.
        _values.Add(value is DateTimeOffset time ? time.ToUniversalTime() : value);
        return "{" + (_values.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>INSERT INTO table (columns) VALUES (values); columns by property name.</summary>
    public StatementBatch Insert(TableNames table, params (string Property, object? Value)[] columns)
    {
        _sql.Append("INSERT INTO ").Append(table.Name).Append(" (").AppendJoin(", ", columns.Select(c => table.Col(c.Property)))
            .Append(") VALUES (").AppendJoin(", ", columns.Select(c => Value(c.Value))).Append(");\n");
        return this;
    }

    /// <summary>INSERT of one row, each column's value read from <paramref name="row"/>.</summary>
    public StatementBatch Insert<T>(TableNames table, IReadOnlyList<(string Property, Func<T, object?> Value)> columns, T row) =>
        Insert(table, columns.Select(c => (c.Property, c.Value(row))).ToArray());

    /// <summary>Runs the statements (inside the context's transaction, if it has one) and empties the batch; the rows they changed.</summary>
    public async Task<int> ExecuteAsync(AppDbContext db, CancellationToken ct)
    {
        if (IsEmpty) return 0;
        var changed = await db.Database.ExecuteSqlRawAsync(_sql.ToString(), _values.ToArray(), ct);
        _sql.Clear();
        _values.Clear();
        return changed;
    }
}
