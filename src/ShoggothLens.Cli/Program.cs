using ShoggothLens.Cli;

return ShoggothCli.Run(args);
