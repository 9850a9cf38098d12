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
        var model = new Option<string?>("--model") { Description = "model /inspect runs (default: the catalog's analyze --model)" };
        var sae = new Option<string?>("--sae") { Description = "SAE /inspect encodes with (default: the catalog's analyze --sae)" };
        var hook = new Option<string?>("--hook") { Description = "hook the SAE reads (default: the catalog's, else the SAE's)" };
        var users = new Option<string?>("--users") { Description = "JSON users file { \"users\": [ { \"name\", \"passwordHash\", \"role\": Viewer|Reviewer } ] }; required unless bound to loopback" };
        var requireLogin = new Option<bool>("--require-login") { Description = "ask for a login even on loopback" };
        var hashPassword = new Option<bool>("--hash-password") { Description = "read a password from standard input, print its hash for a users file, and exit" };
        var command = new Command("serve", "Browse features, compare personas and review candidates in the browser.") { catalog, root, urls, db, model, sae, hook, users, requireLogin, hashPassword };
        CliAction.Set(command, (parse, cli) =>
        {
            if (parse.GetValue(hashPassword))
            {
                string? password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden(cli);
                if (string.IsNullOrEmpty(password)) return cli.Fail("no password given on standard input", ExitCodes.BadInput);
                cli.Out.WriteLine(ShoggothLens.Web.Auth.AccessPasswords.Hash(password));
                return ExitCodes.Ok;
            }
            var catalogs = parse.GetValue(catalog) ?? [];
            foreach (string dir in catalogs)
                if (!Directory.Exists(dir)) return cli.Fail($"{dir}: no such folder", ExitCodes.BadInput);
            var options = new WebOptions(catalogs, parse.GetValue(root), parse.GetValue(urls)!, parse.GetValue(db),
                Model: parse.GetValue(model), Sae: parse.GetValue(sae), Hook: parse.GetValue(hook),
                UsersFile: parse.GetValue(users), RequireLogin: parse.GetValue(requireLogin));
            return Serve(cli, options);
        });
        return command;
    }

    /// <summary>Starts the web UI with <paramref name="options"/> and blocks until Ctrl+C (also used by <c>demo --serve</c>).</summary>
    public static int Serve(CliContext cli, WebOptions options)
    {
        using var app = ShoggothWebApp.Build(options);
        var library = app.Services.GetRequiredService<ShoggothLens.Workbench.Browse.CatalogLibrary>();
        cli.Out.WriteLine(library.Catalogs.Count == 0
            ? $"no catalogs found under {string.Join(", ", library.Searched)} (the UI says how to make one)"
            : $"{library.Catalogs.Count} catalog(s): {string.Join(", ", library.Catalogs.Select(c => c.Name))}");
        app.Start();
        foreach (string url in app.Urls) cli.Out.WriteLine($"serving on {url}  (Ctrl+C stops)");
        app.WaitForShutdown();
        return ExitCodes.Ok;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    static string ReadHidden(CliContext cli)
    {
        cli.Out.Write("password: ");
        var text = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        cli.Out.WriteLine();
        return text.ToString();
    }
}
