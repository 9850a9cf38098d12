using System.Text;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Review;

namespace ShoggothLens.Web.Components.Review;

/// <summary><c>GET /review/export.csv?catalog=ID</c> and <c>/review/export.json?catalog=ID</c>: the queue as a download.</summary>
public static class ReviewExportEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/review/export.{format}", async (string format, string? catalog, CatalogLibrary library, ReviewBoard board) =>
        {
            if (format is not ("csv" or "json")) return Results.NotFound();
            var entry = library.FindOrDefault(catalog);
            if (entry is null) return Results.NotFound($"no catalog {catalog}");
            var queue = await board.QueueAsync(entry.Id);
            var items = await queue.ItemsAsync(board.StoreOf(entry.Id));
            string name = $"review-queue-{entry.Id}.{format}";
            return format == "csv"
                ? Results.File(Encoding.UTF8.GetBytes(ReviewQueueExport.Csv(items)), "text/csv; charset=utf-8", name)
                : Results.File(Encoding.UTF8.GetBytes(ReviewQueueExport.Json(board.KeyOf(entry.Id), items)), "application/json", name);
        });
    }
}
