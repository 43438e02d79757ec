using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace NeemPlatform.EndToEnd.Tests;

/// <summary>
/// The Kubernetes manifests in deploy/kubernetes, parsed (YamlDotNet) and checked against the code: every setting they give a
/// service is one the service reads, every service gets what it refuses to start without, probes and ports are the ones the
/// services answer on, and only the portal and the partner API face the outside.
/// </summary>
public partial class the_kubernetes_manifests
{
    private static readonly string Root = FindRoot();
    private static readonly string Base = Path.Combine(Root, "deploy", "kubernetes", "base");
    private static readonly string[] Services = ["participant", "coaching", "lending", "impact"];

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NeemPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (NeemPlatform.sln) was not found.");
    }

    private static List<YamlMappingNode> Documents(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").SelectMany(file =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
        }).ToList();

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                YamlMappingNode map when map.Children.TryGetValue(new YamlScalarNode(step), out var next) => next,
                YamlSequenceNode list when int.TryParse(step, out var i) && i < list.Children.Count => list.Children[i],
                _ => null!
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static string? Text(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode Of(List<YamlMappingNode> documents, string kind, string name) =>
        documents.Single(d => Text(d, "kind") == kind && Text(d, "metadata", "name") == name);

    private static YamlMappingNode Container(YamlMappingNode deployment) =>
        (YamlMappingNode)At(deployment, "spec", "template", "spec", "containers", "0")!;

    private static List<string> EnvNames(YamlMappingNode deployment) =>
        ((YamlSequenceNode?)At(Container(deployment), "env"))?.Children.Select(e => Text(e, "name")!).ToList() ?? [];

    /// <summary>
    /// Whether the code reads <paramref name="key"/>: by name ("Neem:…" in the source), or inside a section it binds whole to an
    /// options class or read by name, where the last part must be a settable property some class declares or a name it reads
    /// (Authority, Url, Key), and a region
    /// part a regional platform.
    /// </summary>
    private static bool Read(string key)
    {
        if (SourceKeys.Value.Contains(key))
        {
            return true;
        }

        var parts = key.Split(':');
        var bound = new[] { "Neem:Auth", "Neem:National:Regions:*", "Neem:Gateway:Regions:*" };
        return bound.Any(section =>
        {
            var shape = section.Split(':');
            return parts.Length == shape.Length + 1
                   && shape.Select((s, i) => s == "*" ? Regions.IsKnown(parts[i]) : string.Equals(s, parts[i], StringComparison.Ordinal)).All(x => x)
                   && SettableProperties.Value.Contains(parts[^1]);
        }) || (parts is ["Neem", "Impact", "FeedConsumers", _]);
    }

    private static IEnumerable<string> Sources() => Directory.EnumerateFiles(Path.Combine(Root, "services"), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText);

    private static readonly Lazy<HashSet<string>> SourceKeys = new(() =>
        Sources().SelectMany(s => ConfigurationKey().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal));

    private static readonly Lazy<HashSet<string>> SettableProperties = new(() =>
        Sources().SelectMany(s => SettableProperty().Matches(s).Concat(SectionIndexer().Matches(s)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal));

    // A section read by name: region["Url"], region["Key"].
    [GeneratedRegex(@"\w\[""([A-Z]\w*)""\]")]
    private static partial Regex SectionIndexer();

    [GeneratedRegex(@"name: (Neem__\w+)")]
    private static partial Regex PatchedVariable();

    [GeneratedRegex("\"(Neem:[A-Za-z:]+)\"")]
    private static partial Regex ConfigurationKey();

    [GeneratedRegex(@"public [\w?<>\[\], ]+ (\w+) \{ get; (?:set|init); \}")]
    private static partial Regex SettableProperty();

    [Fact]
    public void every_service_runs_two_replicas_answers_its_probes_on_its_port_and_stays_within_its_measured_memory()
    {
        var documents = Documents(Base);
        foreach (var name in Services)
        {
            var deployment = Of(documents, "Deployment", name);
            var container = Container(deployment);

            Assert.Equal("2", Text(deployment, "spec", "replicas"));
            Assert.Equal(("http", "8080"), (Text(container, "ports", "0", "name"), Text(container, "ports", "0", "containerPort")));
            Assert.Equal(("/health", "http"), (Text(container, "readinessProbe", "httpGet", "path"), Text(container, "readinessProbe", "httpGet", "port")));
            Assert.Equal(("/alive", "http"), (Text(container, "livenessProbe", "httpGet", "path"), Text(container, "livenessProbe", "httpGet", "port")));
            Assert.Contains(EnvNames(deployment), n => n == "ASPNETCORE_HTTP_PORTS");
            Assert.Equal("8080", Text((YamlMappingNode)((YamlSequenceNode)At(container, "env")!).Children.First(e => Text(e, "name") == "ASPNETCORE_HTTP_PORTS"), "value"));
            // Measured: 166–182 MiB resident per service; the request covers it, the limit leaves room for a burst.
            Assert.Equal("192Mi", Text(container, "resources", "requests", "memory"));
            Assert.NotNull(Text(container, "resources", "limits", "memory"));
            Assert.Equal("true", Text(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));

            var service = Of(documents, "Service", name);
            Assert.Equal("http", Text(service, "spec", "ports", "0", "targetPort"));
            Assert.Equal(name, Text(service, "spec", "selector", "app.kubernetes.io/name"));
            Assert.Equal(name, Text(Of(documents, "PodDisruptionBudget", name), "spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        }
    }

    [Fact]
    public void every_setting_given_to_a_service_is_one_its_code_reads_and_each_gets_what_it_will_not_start_without()
    {
        var documents = Documents(Base).Concat(Documents(Path.Combine(Root, "deploy", "kubernetes", "overlays", "national"))).ToList();
        // The Deployments' env, and the variables the overlays' patches add (inside kustomization.yaml).
        var patched = Directory.EnumerateFiles(Path.Combine(Root, "deploy", "kubernetes"), "kustomization.yaml", SearchOption.AllDirectories)
            .SelectMany(f => PatchedVariable().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));
        var given = documents.Where(d => Text(d, "kind") == "Deployment").SelectMany(EnvNames).Concat(patched)
            .Where(n => n.StartsWith("Neem__", StringComparison.Ordinal)).Select(n => n.Replace("__", ":", StringComparison.Ordinal)).Distinct().ToList();

        Assert.True(given.Count >= 8, string.Join(", ", given));
        var unknown = given.Where(k => !Read(k)).ToList();
        Assert.True(unknown.Count == 0, $"Settings no code reads: {string.Join(", ", unknown)}");

        var required = new Dictionary<string, string[]>
        {
            ["participant"] = ["Neem__Participant__IdentityKey"],
            ["coaching"] = [],
            ["lending"] = ["Neem__Lending__StatementKey"],
            ["impact"] = ["Neem__Impact__FeedSecret"]
        };
        foreach (var (name, own) in required)
        {
            var env = EnvNames(Of(documents, "Deployment", name));
            Assert.All(["ConnectionStrings__neem", "Neem__Region", "Neem__Auth__Authority", .. own], variable => Assert.Contains(variable, env));
        }
    }

    [Fact]
    public void only_the_portal_and_the_partner_api_face_the_outside_and_everything_else_is_denied_by_default()
    {
        var documents = Documents(Base);
        var ingress = Of(documents, "Ingress", "neem");
        var backends = ((YamlSequenceNode)At(ingress, "spec", "rules")!).Children
            .SelectMany(rule => ((YamlSequenceNode)At(rule, "http", "paths")!).Children)
            .Select(path => (Path: Text(path, "path")!, Service: Text(path, "backend", "service", "name")!)).ToList();

        Assert.Equal(["participant", "portal"], backends.Select(b => b.Service).Distinct().Order());

        // Every operation under a path the partner host exposes takes the partner's key, and nothing else: no staff operation
        // of the Participant service is reachable from outside.
        var contract = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "contracts", "openapi", "participant.json")))!;
        var exposed = contract["paths"]!.AsObject()
            .Where(p => backends.Any(b => b.Service == "participant" && (p.Key == b.Path || p.Key.StartsWith(b.Path + "/", StringComparison.Ordinal))))
            .SelectMany(p => p.Value!.AsObject().Select(o => (Operation: $"{o.Key} {p.Key}", Security: o.Value!["security"]!.ToJsonString())))
            .ToList();
        Assert.True(exposed.Count >= 10, $"{exposed.Count} operations");
        Assert.All(exposed, o => Assert.True(o.Security.Contains("partner-api-key", StringComparison.Ordinal) && !o.Security.Contains("staff", StringComparison.Ordinal), o.Operation));

        var denyAll = Of(documents, "NetworkPolicy", "default-deny-ingress");
        Assert.Empty(((YamlMappingNode)At(denyAll, "spec", "podSelector")!).Children);
        Assert.Null(At(denyAll, "spec", "ingress"));
    }

    [Fact]
    public void each_region_has_its_namespace_its_region_and_a_database_with_continuous_backups()
    {
        var cluster = Of(Documents(Base), "Cluster", "neem-db");
        Assert.Equal("2", Text(cluster, "spec", "instances"));
        Assert.NotNull(At(cluster, "spec", "backup", "barmanObjectStore", "destinationPath"));
        Assert.Equal("neem-db", Text(Of(Documents(Base), "ScheduledBackup", "neem-db-nightly"), "spec", "cluster", "name"));

        var overlays = Path.Combine(Root, "deploy", "kubernetes", "overlays");
        foreach (var region in Regions.All.Append(Regions.National))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(Path.Combine(overlays, region, "kustomization.yaml"))));
            var kustomization = stream.Documents[0].RootNode;
            Assert.Equal($"neem-{region}", Text(kustomization, "namespace"));
            var literals = ((YamlSequenceNode)At(kustomization, "configMapGenerator", "0", "literals")!).Children.Select(l => ((YamlScalarNode)l).Value).ToList();
            Assert.Contains($"region={region}", literals);
            Assert.Contains($"s3://neem-backups/{region}", File.ReadAllText(Path.Combine(overlays, region, "kustomization.yaml")), StringComparison.Ordinal);
        }
    }
}
