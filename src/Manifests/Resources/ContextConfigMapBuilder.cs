using System.Text;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Manifests.Resources;

/// <summary>A build context packed into a ConfigMap: the resource, the volume that lays it out, the Dockerfile's path.</summary>
public sealed record ContextConfigMap(V1ConfigMap ConfigMap, V1Volume Volume, string DockerfilePath);

/// <summary>
/// Packs an image's hashed context files (and its Dockerfile) into an immutable ConfigMap named with the hash.
/// It reads nothing itself: it carries exactly the bytes the catalog read and hashed (<see cref="ContextContent"/>),
/// text in data, others in binaryData; the volume items restore the folder layout and the executable bit.
/// </summary>
public static class ContextConfigMapBuilder
{
    /// <summary>Kubernetes' limit for the data of one ConfigMap (keys and values), 1 MiB.</summary>
    public const int MaxDataBytes = ContextContent.ConfigMapLimit;

    /// <summary>Where the volume is mounted in the kaniko container.</summary>
    public const string MountPath = "/workspace";

    /// <summary>kaniko's --context inside the mount.</summary>
    public const string ContextPath = MountPath + "/context";

    public const string VolumeName = "build-context";

    private const int RegularMode = 420; // 0644
    private const int ExecutableMode = 493; // 0755
    private const int MaxKeyLength = 253;

    public static ContextConfigMap Build(ImageDefinition image, string name, string @namespace)
    {
        var files = image.Files.Select(f => (Content: Content(image, f.Content), Key: f.Path, Target: "context/" + f.Path, f.Executable)).ToList();
        var dockerfile = ContextModes.ContextRelativeDockerfile(image);
        var dockerfilePath = ContextPath + "/" + dockerfile;

        // kaniko reads "<Dockerfile>.dockerignore" before the context's .dockerignore; when the image has one that
        // would not sit beside the mounted Dockerfile, the Dockerfile travels outside the context with an empty one:
        // the ConfigMap already holds exactly the files kaniko uses, and nothing may filter them differently.
        var ownIgnore = image.IgnoreFile == RepositoryPaths.Normalize(image.Dockerfile) + DockerIgnore.FileName;
        if (dockerfile.StartsWith("../", StringComparison.Ordinal) || image.Files.All(f => f.Path != dockerfile)
            || (ownIgnore && image.Files.All(f => f.Path != dockerfile + DockerIgnore.FileName)))
        {
            // A Dockerfile outside the context travels beside it, not inside (COPY . must not see it).
            var fileName = dockerfile.Split('/')[^1];
            files.Add((Content(image, image.DockerfileContent), fileName, "dockerfile/" + fileName, false));
            dockerfilePath = MountPath + "/dockerfile/" + fileName;
            if (ownIgnore)
            {
                var ignoreName = fileName + DockerIgnore.FileName;
                files.Add(([], ignoreName, "dockerfile/" + ignoreName, false));
            }
        }

        // The hashed lengths refuse a context too large as a whole before the data is assembled (each file was already
        // bounded when it was hashed).
        var listed = image.Files.Sum(f => f.Length);
        if (listed > MaxDataBytes)
        {
            throw TooLarge(image, listed);
        }

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var binaryData = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var items = new List<V1KeyToPath>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        long size = 0;
        foreach (var (bytes, keyPath, target, executable) in files)
        {
            var key = UniqueKey(keyPath, keys);
            if (ContextContent.AsText(bytes) is { } text)
            {
                data[key] = text;
                size += key.Length + Encoding.UTF8.GetByteCount(text);
            }
            else
            {
                binaryData[key] = bytes;
                size += key.Length + bytes.Length;
            }

            items.Add(new V1KeyToPath { Key = key, Path = target, Mode = executable ? ExecutableMode : null });
        }

        if (size > MaxDataBytes)
        {
            throw TooLarge(image, size);
        }

        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            // Server-side apply: client-side apply would copy the data into a 256 KiB annotation (argo-cd #820, #5704).
            Metadata = ResourceMetadata.ForImage(image, name, @namespace, "ServerSideApply=true"),
            Data = data.Count > 0 ? data : null,
            BinaryData = binaryData.Count > 0 ? binaryData : null,
            // The name carries the content hash, so the content never changes under it.
            Immutable = true,
        };
        var volume = new V1Volume
        {
            Name = VolumeName,
            ConfigMap = new V1ConfigMapVolumeSource { Name = name, Items = items, DefaultMode = RegularMode },
        };
        return new ContextConfigMap(configMap, volume, dockerfilePath);
    }

    private static ManifestException TooLarge(ImageDefinition image, long size) => new(
        $"{image.Folder}: the build context is {size:N0} bytes ({size / 1048576.0:0.00} MiB), more than the " +
        $"{MaxDataBytes:N0} bytes (1 MiB) a Kubernetes ConfigMap can hold. Set contextMode: git in the image's image.yaml.");

    /// <summary>A ConfigMap key for a path: [-._a-zA-Z0-9], at most 253 characters, unique in the map.</summary>
    private static string UniqueKey(string path, HashSet<string> used)
    {
        var chars = path.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray();
        var key = new string(chars);
        if (key.StartsWith("..", StringComparison.Ordinal))
        {
            key = "_" + key;
        }

        key = key.Length > MaxKeyLength - 8 ? key[..(MaxKeyLength - 8)] : key;
        var unique = key;
        for (var n = 2; !used.Add(unique); n++)
        {
            unique = key + "-" + n;
        }

        return unique;
    }

    private static byte[] Content(ImageDefinition image, byte[]? content) =>
        content ?? throw new InvalidOperationException($"{image.Folder}: the catalog did not keep the ConfigMap content of a {image.ContextMode} image.");
}
