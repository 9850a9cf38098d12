using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Web.Hosting;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth serve [--catalog DIR]... [--features-root DIR] [--urls URL] [--db CONNECTION]</c>: the browser UI
/// over the catalogs, until Ctrl+C.
/// </summary>
public static class ServeCommand
{
    public static Command Build()
    {
        var catalog = new Option<string[]>("--catalog")
        {
            Description = "a catalog folder (repeat for several); a folder that is not a catalog is searched below",
            AllowMultipleArgumentsPerToken = false,
        };
        var root = new Option<string>("--features-root")
        {
            Description = "searched for catalogs when no --catalog is given",
            DefaultValueFactory = _ => "features",
        };
        var urls = new Option<string>("--urls") { Description = "where to listen", DefaultValueFactory = _ => WebOptions.DefaultUrls };
        var db = new Option<string?>("--db") { Description = "review store: a PostgreSQL connection string (default: SQLite beside the catalog)" };
        var command = new Command("serve", "Browse features, compare personas and review candidates in the browser.") { catalog, root, urls, db };
        CliAction.Set(command, (parse, cli) =>
        {
            var catalogs = parse.GetValue(catalog) ?? [];
            foreach (string dir in catalogs)
                if (!Directory.Exists(dir)) return cli.Fail($"{dir}: no such folder", ExitCodes.BadInput);
            var options = new WebOptions(catalogs, parse.GetValue(root), parse.GetValue(urls)!, parse.GetValue(db));
            using var app = ShoggothWebApp.Build(options);
            var library = app.Services.GetRequiredService<ShoggothLens.Workbench.Browse.CatalogLibrary>();
            cli.Out.WriteLine(library.Catalogs.Count == 0
                ? $"no catalogs found under {string.Join(", ", library.Searched)} (the UI says how to make one)"
                : $"{library.Catalogs.Count} catalog(s): {string.Join(", ", library.Catalogs.Select(c => c.Name))}");
            app.Start();
            foreach (string url in app.Urls) cli.Out.WriteLine($"serving on {url}  (Ctrl+C stops)");
            app.WaitForShutdown();
            return ExitCodes.Ok;
        });
        return command;
    }
}
