using EventScheduler.Api;
using EventScheduler.Api.Storage;

CommandLine command;
try
{
    command = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    Environment.ExitCode = 2;
    return;
}

var app = ApiApplication.Build(command.HostArguments);
try
{
    if (await StartupCommands.RunCommandsAsync(app, command))
    {
        return;
    }
}
catch (DatabaseStartupException ex)
{
    // One line for the operator, no stack trace: the file and what is wrong with it.
    await Console.Error.WriteLineAsync(ex.Message);
    Environment.ExitCode = DatabaseStartupException.ExitCode;
    return;
}

await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
