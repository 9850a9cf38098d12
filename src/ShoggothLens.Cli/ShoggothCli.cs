using System.CommandLine;
using ShoggothLens.Cli.Commands;

namespace ShoggothLens.Cli;

/// <summary>The `shoggoth` command: one subcommand group per stage of the pipeline.</summary>
public static class ShoggothCli
{
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("ShoggothLens: look for other characters at work under a language model's Assistant persona.");
        root.Subcommands.Add(ModelCommands.Build());
        root.Subcommands.Add(TokenizeCommand.Build());
        root.Subcommands.Add(RepliesCommand.Build());
        root.Subcommands.Add(HarvestCommand.Build());
        root.Subcommands.Add(StoreCommands.Build());
        foreach (var command in SaeCommands.Build()) root.Subcommands.Add(command);
        root.Subcommands.Add(BenchCommands.Build());
        root.Subcommands.Add(GpuCheckCommand.Build());
        root.Subcommands.Add(OrganismCommands.Build());
        root.Subcommands.Add(AnalyzeCommand.Build());
        root.Subcommands.Add(CandidatesCommand.Build());
        root.Subcommands.Add(InterveneCommand.Build());
        root.Subcommands.Add(ExportCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(ServeCommand.Build());
        return root;
    }

    /// <summary>Runs the command line; writers default to the console (tests pass their own).</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        ShoggothLens.Sae.Backends.Torch.OpenMpWaitPolicy.PreferPassive();
        ShoggothLens.Sae.Backends.Torch.NativeHeapPolicy.KeepFreedMemory();
        var configuration = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Our actions report their own errors (CliAction.Guard); nothing should print a stack trace.
            EnableDefaultExceptionHandler = false,
        };
        return BuildRootCommand().Parse(args).Invoke(configuration);
    }
}
