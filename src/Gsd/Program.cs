namespace Gsd;

internal static class Program
{
    public static int Main(string[] args) => Cli.GsdCli.Run(args);
}
