using EventScheduler.Api;
using EventScheduler.Api.Storage;

var app = ApiApplication.Build(args);
try
{
    if (await StartupCommands.RunCommandsAsync(app, args))
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
