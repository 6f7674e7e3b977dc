using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DigitalCollections.Api.Data;

/// <summary>
/// Table and column names from the EF Core model, for the few hot statements written as SQL by hand (the same
/// text runs on SQLite and PostgreSQL). Worked out once per model and entity.
/// </summary>
internal static class StoreNames
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, TableNames>> Names = new();

    public static TableNames Table<T>(DbContext db) =>
        Names.GetValue(db.Model, _ => new()).GetOrAdd(typeof(T), type =>
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
            var table = entity.GetTableName()!;
            var schema = entity.GetSchema();
            var store = StoreObjectIdentifier.Table(table, schema);
            var columns = entity.GetProperties().Where(p => p.GetColumnName(store) is not null)
                .ToDictionary(p => p.Name, p => sql.DelimitIdentifier(p.GetColumnName(store)!));
            return new TableNames(sql.DelimitIdentifier(table, schema), property => columns[property]);
        });
}
