using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ShoggothLens.Workbench.Review;

/// <summary>
/// Reviews of hidden-motive candidates: read a feature's review and history, save an edit with optimistic
/// concurrency (an edit names the version it started from; if another reviewer saved since, nothing is stored and
/// the result is a <see cref="ReviewSaveResult.Conflict"/> carrying their change), and append one history line per
/// changed field. Thread-safe: every call uses its own <see cref="DbContext"/>.
/// </summary>
/// <remarks>
/// The schema is made by <c>EnsureCreated</c> (plus <c>CreateTables</c> when a shared PostgreSQL database already
/// holds other tables): one schema version, two providers, no migration history to keep in step. When the schema
/// changes, this is the place to move to provider-specific migrations.
/// </remarks>
public sealed class ReviewStore
{
    readonly DbContextOptions<ReviewDbContext> _options;
    readonly TimeProvider _clock;
    readonly SemaphoreSlim _schemaLock = new(1, 1);
    volatile bool _schemaReady;

    public ReviewStore(ReviewDatabase database, TimeProvider? clock = null)
    {
        Database = database;
        _options = database.Options();
        _clock = clock ?? TimeProvider.System;
    }

    public ReviewDatabase Database { get; }

    /// <summary>A feature's review, or <see cref="ReviewState.Unreviewed"/> when there is none.</summary>
    public async Task<ReviewState> GetAsync(string catalog, int feature, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        var row = await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Catalog == catalog && r.Feature == feature, cancellationToken);
        return row?.ToState() ?? ReviewState.Unreviewed(catalog, feature);
    }

    /// <summary>Every stored review of a catalog, by feature (features without a row are unreviewed).</summary>
    public async Task<IReadOnlyDictionary<int, ReviewState>> AllAsync(string catalog, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        var rows = await db.Reviews.AsNoTracking().Where(r => r.Catalog == catalog).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Feature, r => r.ToState());
    }

    /// <summary>A feature's history, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewChange>> HistoryAsync(string catalog, int feature, CancellationToken cancellationToken = default)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await HistorySince(db, catalog, feature, 0, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="edit"/> if the review still has <paramref name="expectedVersion"/> (the version the
    /// reviewer saw; 0 for an unreviewed feature). The history names <paramref name="reviewer"/>.
    /// </summary>
    public async Task<ReviewSaveResult> SaveAsync(string catalog, int feature, long expectedVersion, ReviewEdit edit, Reviewer reviewer,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(reviewer);
        if (!reviewer.CanChangeReviews)
            return new ReviewSaveResult.Refused($"{reviewer.Name} may read reviews but not change them: that takes the Reviewer role.");
        if (string.IsNullOrWhiteSpace(reviewer.Name) || reviewer.Name.Length > Reviewer.MaxNameLength)
            return new ReviewSaveResult.Refused("a review needs the reviewer's name (at most 200 characters)");
        if (edit.Problem() is { } problem) return new ReviewSaveResult.Refused(problem);
        ArgumentOutOfRangeException.ThrowIfNegative(feature);

        await using var db = await OpenAsync(cancellationToken);
        var row = await db.Reviews.SingleOrDefaultAsync(r => r.Catalog == catalog && r.Feature == feature, cancellationToken);
        if ((row?.Version ?? 0) != expectedVersion) return await ConflictAsync(catalog, feature, expectedVersion, cancellationToken);

        bool inserting = row is null;
        row ??= new ReviewRow { Catalog = catalog, Feature = feature, Status = ReviewStatus.Open, Severity = ReviewSeverity.Unrated };
        var fields = ChangedFields(row, edit);
        if (fields.Count == 0) return new ReviewSaveResult.Saved(row.ToState() with { Version = expectedVersion }, []);

        var now = _clock.GetUtcNow().UtcDateTime;
        long version = expectedVersion + 1;
        row.Status = edit.Status;
        row.Severity = edit.Severity;
        row.Assignee = edit.Assignee;
        row.Notes = edit.Notes;
        row.Version = version;   // the WHERE of the UPDATE keeps the original value: expectedVersion
        row.UpdatedBy = reviewer.Name;
        row.UpdatedAtUtc = now;
        if (inserting) db.Reviews.Add(row);
        var changes = fields.Select(f => new ReviewChangeRow
        {
            Catalog = catalog, Feature = feature, Version = version, Reviewer = reviewer.Name, AtUtc = now,
            Field = f.Field, OldValue = f.Old, NewValue = f.New,
        }).ToList();
        db.History.AddRange(changes);
        try
        {
            await db.SaveChangesAsync(cancellationToken);   // one transaction: the row and its history lines
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(catalog, feature, expectedVersion, cancellationToken);
        }
        catch (DbUpdateException) when (inserting)
        {
            // Two first reviews of one feature: the second insert breaks the primary key. If the row is there now, that
            // is the other reviewer's save; otherwise the failure is something else.
            var conflict = await ConflictAsync(catalog, feature, expectedVersion, cancellationToken);
            if (conflict.Current.Version == expectedVersion) throw;
            return conflict;
        }
        return new ReviewSaveResult.Saved(row.ToState(), changes.Select(c => c.ToChange()).ToList());
    }

    async Task<ReviewSaveResult.Conflict> ConflictAsync(string catalog, int feature, long expectedVersion, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        var row = await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Catalog == catalog && r.Feature == feature, cancellationToken);
        var current = row?.ToState() ?? ReviewState.Unreviewed(catalog, feature);
        return new ReviewSaveResult.Conflict(current, await HistorySince(db, catalog, feature, expectedVersion, cancellationToken));
    }

    static async Task<IReadOnlyList<ReviewChange>> HistorySince(ReviewDbContext db, string catalog, int feature, long version, CancellationToken cancellationToken)
    {
        var rows = await db.History.AsNoTracking()
            .Where(c => c.Catalog == catalog && c.Feature == feature && c.Version > version)
            .OrderBy(c => c.Version).ThenBy(c => c.Id)
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToChange()).ToList();
    }

    static List<(string Field, string Old, string New)> ChangedFields(ReviewRow row, ReviewEdit edit)
    {
        var fields = new List<(string, string, string)>();
        if (row.Status != edit.Status) fields.Add(("status", ReviewNames.Of(row.Status), ReviewNames.Of(edit.Status)));
        if (row.Severity != edit.Severity) fields.Add(("severity", ReviewNames.Of(row.Severity), ReviewNames.Of(edit.Severity)));
        if (row.Assignee != edit.Assignee) fields.Add(("assignee", row.Assignee, edit.Assignee));
        if (row.Notes != edit.Notes) fields.Add(("notes", row.Notes, edit.Notes));
        return fields;
    }

    async Task<ReviewDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var db = new ReviewDbContext(_options);
        try
        {
            if (!_schemaReady) await EnsureSchemaAsync(db, cancellationToken);
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    async Task EnsureSchemaAsync(ReviewDbContext db, CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady) return;
            await db.Database.EnsureCreatedAsync(cancellationToken);
            // EnsureCreated does nothing in a database that already has tables (a shared PostgreSQL database): make ours.
            if (!await TablesExistAsync(db, cancellationToken))
                await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellationToken);
            if (Database.Kind == ReviewDatabase.Provider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);   // readers never wait for a writer
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    static async Task<bool> TablesExistAsync(ReviewDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Reviews.AnyAsync(cancellationToken);
            await db.History.AnyAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
