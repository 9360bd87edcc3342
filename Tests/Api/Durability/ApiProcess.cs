using System.Diagnostics;
using System.Net.Sockets;

namespace EventScheduler.Tests.Api.Durability;

/// <summary>The built Api (EventScheduler.Api.dll next to the tests) as a real child process on its own
/// port and database file, so that it can be killed with SIGKILL and started again on the same file.</summary>
public sealed class ApiProcess : IDisposable
{
    private const int OutputLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly List<string> _allOutput = [];

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the Api on <paramref name="databasePath"/> and returns once GET /health answers 200.
    /// <paramref name="settings"/> are passed as <c>--Key=Value</c> after the defaults, so they override them;
    /// <paramref name="flags"/> (the service's own, e.g. <c>--seed-demo</c>) after those.</summary>
    public static async Task<ApiProcess> StartAsync(string databasePath, string adminKey, TimeSpan readyTimeout,
        IReadOnlyDictionary<string, string?>? settings = null, IReadOnlyList<string>? flags = null)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(databasePath, adminKey, port, settings, flags)) ?? throw new InvalidOperationException("Could not start the Api process.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilHealthyAsync(readyTimeout);
            return api;
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    /// <summary>Starts the Api on <paramref name="databasePath"/> expecting it to stop by itself (it cannot start);
    /// returns its exit code and what it wrote to stdout and stderr, apart.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(string databasePath, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(databasePath, "test-bootstrap-admin-key", FreePort()))
                            ?? throw new InvalidOperationException("Could not start the Api process.");
        return await ToExitAsync(process, timeout, "The Api");
    }

    /// <summary>Waits for a started process to exit by itself, reading its output as it goes; kills it and fails with
    /// what it wrote when it outlives <paramref name="timeout"/>.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> ToExitAsync(Process process, TimeSpan timeout, string what)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{what} was still running after {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the built Api with <paramref name="arguments"/> (a verb such as <c>backup FILE</c>) and the database
    /// setting, to its exit; returns the exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunVerbAsync(string databasePath, TimeSpan timeout, params string[] arguments)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, "EventScheduler.Api.dll"));
        foreach (var arg in arguments.Concat(["--contentRoot", directory, $"--Database:Path={databasePath}"]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Api process.");
        return await ToExitAsync(process, timeout, $"The Api {string.Join(' ', arguments)}");
    }

    private static ProcessStartInfo StartInfo(string databasePath, string adminKey, int port, IReadOnlyDictionary<string, string?>? settings = null,
        IReadOnlyList<string>? flags = null)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo
        {
            // The dotnet host the tests run under (set by the SDK), so both use the same runtime.
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(directory, "EventScheduler.Api.dll"),
                     "--urls", $"http://127.0.0.1:{port}",
                     "--contentRoot", directory,
                     $"--Database:Path={databasePath}",
                     $"--Auth:BootstrapAdminKey={adminKey}",
                     "--RateLimiting:Enabled=false",
                     "--Webhooks:Enabled=false",
                     "--Logging:LogLevel:Default=Warning",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var flag in flags ?? [])
        {
            info.ArgumentList.Add(flag);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return info;
    }

    /// <summary>SIGKILL (Process.Kill on Linux): no shutdown hooks, no flush, no graceful stop.</summary>
    public void KillHard()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>Every line the process wrote to stdout and stderr so far (the log, for tests that read all of it).</summary>
    public IReadOnlyList<string> AllOutput()
    {
        lock (_output)
        {
            return _allOutput.ToArray();
        }
    }

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _allOutput.Add(line);
            _output.Enqueue(line);
            while (_output.Count > OutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Api exited with {_process.ExitCode} before it was ready:\n{RecentOutput()}");
            }

            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The Api did not answer /health within {timeout}:\n{RecentOutput()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
