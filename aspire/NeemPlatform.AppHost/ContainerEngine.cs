using System.Diagnostics;

namespace NeemPlatform.AppHost;

/// <summary>Whether a container engine (Docker or Podman) answers, not merely whether its client is installed.</summary>
internal static class ContainerEngine
{
    public static bool Answers() => Probe("docker") || Probe("podman");

    private static bool Probe(string client)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(client, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // client not installed
        }
    }
}
