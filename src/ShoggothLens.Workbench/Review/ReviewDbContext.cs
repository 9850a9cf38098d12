using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ShoggothLens.Workbench.Review;

/// <summary>The review database: <c>reviews</c> (one row per catalog and feature) and <c>review_history</c> (append-only).</summary>
sealed class ReviewDbContext(DbContextOptions<ReviewDbContext> options) : DbContext(options)
{
    public DbSet<ReviewRow> Reviews => Set<ReviewRow>();
    public DbSet<ReviewChangeRow> History => Set<ReviewChangeRow>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        // Times are stored as UTC; SQLite hands them back without a kind, so say it on the way out.
        var utc = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
            v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

        model.Entity<ReviewRow>(e =>
        {
            e.ToTable("reviews");
            e.HasKey(r => new { r.Catalog, r.Feature });
            e.Property(r => r.Catalog).HasColumnName("catalog").HasMaxLength(400);
            e.Property(r => r.Feature).HasColumnName("feature");
            e.Property(r => r.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Severity).HasColumnName("severity").HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.Assignee).HasColumnName("assignee").HasMaxLength(ReviewEdit.MaxAssigneeLength);
            e.Property(r => r.Notes).HasColumnName("notes").HasMaxLength(ReviewEdit.MaxNotesLength);
            e.Property(r => r.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(r => r.UpdatedBy).HasColumnName("updated_by").HasMaxLength(Reviewer.MaxNameLength);
            e.Property(r => r.UpdatedAtUtc).HasColumnName("updated_at_utc")
                .HasConversion(new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime?, DateTime?>(
                    v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : null));
        });

        model.Entity<ReviewChangeRow>(e =>
        {
            e.ToTable("review_history");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(c => c.Catalog).HasColumnName("catalog").HasMaxLength(400);
            e.Property(c => c.Feature).HasColumnName("feature");
            e.Property(c => c.Version).HasColumnName("version");
            e.Property(c => c.Reviewer).HasColumnName("reviewer").HasMaxLength(Reviewer.MaxNameLength);
            e.Property(c => c.AtUtc).HasColumnName("at_utc").HasConversion(utc);
            e.Property(c => c.Field).HasColumnName("field").HasMaxLength(32);
            e.Property(c => c.OldValue).HasColumnName("old_value");
            e.Property(c => c.NewValue).HasColumnName("new_value");
            e.HasIndex(c => new { c.Catalog, c.Feature, c.Version });
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardHistory();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardHistory();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>The history is append-only: no code path may rewrite or delete what a reviewer did.</summary>
    void GuardHistory()
    {
        foreach (EntityEntry<ReviewChangeRow> entry in ChangeTracker.Entries<ReviewChangeRow>())
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("the review history is append-only");
    }
}
