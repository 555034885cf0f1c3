using System.Net.Sockets;

namespace KanikoImages.Tests.Images;

/// <summary>Each bad input is an error that names the file and the problem.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public BadInputTests()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /app\n");
    }

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n")]
    [InlineData("# only a comment\n")]
    public void An_empty_Dockerfile(string content)
    {
        _repo.Write("images/app/Dockerfile", content);

        Assert.Contains("images/app/Dockerfile: is empty", _repo.Error());
    }

    [Fact]
    public void Malformed_image_yaml_names_the_line()
    {
        _repo.Write("images/app/image.yaml", "tags: [1.0\ntarget: x\n");

        var error = _repo.Error();

        Assert.Matches(@"images/app/image\.yaml:\d+: malformed YAML", error);
    }

    [Fact]
    public void An_unknown_image_yaml_key_names_file_line_and_key_with_a_suggestion()
    {
        _repo.Write("images/app/image.yaml", "tags: [1.0]\nbuildArg:\n  A: b\n");

        Assert.Contains("images/app/image.yaml:2: unknown key 'buildArg' (did you mean 'buildArgs'?)", _repo.Error());
    }

    [Fact]
    public void An_unknown_nested_image_yaml_key()
    {
        _repo.Write("images/app/image.yaml", "resources:\n  limits:\n    gpu: 1\n");

        Assert.Contains("images/app/image.yaml:3: unknown key 'resources.limits.gpu'", _repo.Error());
    }

    [Theory]
    [InlineData("timeout: forever\n", "'timeout'")]
    [InlineData("tags: [\"-bad\"]\n", "'tags'")]
    [InlineData("buildArgs:\n  1BAD: x\n", "build argument name")]
    [InlineData("labels:\n  team: \"has space\"\n", "label value")]
    [InlineData("resources:\n  requests:\n    cpu: lots\n", "quantity")]
    [InlineData("contextMode: zip\n", "auto, configmap or git")]
    [InlineData("- a list\n", "must be a mapping")]
    public void A_bad_image_yaml_value(string yaml, string problem)
    {
        _repo.Write("images/app/image.yaml", yaml);

        var error = _repo.Error();

        Assert.Contains("images/app/image.yaml", error);
        Assert.Contains(problem, error);
    }

    [Theory]
    [InlineData("resources:\n  requests:\n    cpu: \"4\"\n", "the cpu request 4 is above the cpu limit 2")]
    [InlineData("resources:\n  limits:\n    memory: 512Mi\n", "the memory request 1Gi is above the memory limit 512Mi")]
    [InlineData("resources:\n  requests:\n    cpu: 2500m\n  limits:\n    cpu: 2.5\n", null)]
    [InlineData("resources:\n  requests:\n    memory: 1e9\n", null)]
    public void A_request_above_its_limit(string yaml, string? problem)
    {
        _repo.Write("images/app/image.yaml", yaml);

        if (problem is null)
        {
            _repo.Load();
        }
        else
        {
            Assert.Contains($"images/app/image.yaml: 'resources': {problem}", _repo.Error());
        }
    }

    [Fact]
    public void A_default_request_above_its_limit_names_images_yaml()
    {
        _repo.Write("images.yaml", $"registry: {ImageRepo.Registry}\ndefaults:\n  resources:\n    requests:\n      memory: 8Gi\n");

        Assert.Contains("images.yaml: 'defaults.resources': the memory request 8Gi is above the memory limit 4Gi", _repo.Error());
    }

    [Fact]
    public void A_context_outside_the_repository()
    {
        _repo.Write("images/app/image.yaml", "context: ../../..\n");

        Assert.Contains("images/app/image.yaml: the context '../../..' is outside the repository", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_path_outside_the_repository()
    {
        _repo.Write("images/app/image.yaml", "dockerfile: /etc/hostname\n");

        Assert.Contains("images/app/image.yaml: the dockerfile '/etc/hostname' is outside the repository", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_path_that_does_not_exist()
    {
        _repo.Write("images/app/image.yaml", "dockerfile: Dockerfile.prod\n");

        Assert.Contains("images/app/Dockerfile.prod: not found", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_path_whose_case_differs_from_the_file()
    {
        _repo.Write("images/app/Dockerfile.prod", "FROM alpine\n");
        _repo.Write("images/app/image.yaml", "dockerfile: Dockerfile.Prod\n");

        Assert.Contains("images/app/Dockerfile.Prod: not found, but 'Dockerfile.prod' is", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_path_that_is_a_folder()
    {
        _repo.Write("images/app/docker/Dockerfile", "FROM alpine\n");
        _repo.Write("images/app/image.yaml", "dockerfile: docker\n");

        Assert.Contains("images/app/docker: not found: the Dockerfile must be a file", _repo.Error());
    }

    [Fact]
    public void A_missing_Dockerfile_beside_a_folder_of_that_name_in_other_case()
    {
        _repo.Write("images/app/dockerfile.prod/x", "x");
        _repo.Write("images/app/image.yaml", "dockerfile: Dockerfile.prod\n");

        Assert.Contains("images/app/Dockerfile.prod: not found: the Dockerfile must be a file", _repo.Error());
    }

    [Fact]
    public void A_context_that_is_not_a_folder()
    {
        _repo.Write("images/app/image.yaml", "context: Dockerfile\n");

        Assert.Contains("images/app/image.yaml: the build context 'images/app/Dockerfile' is not a folder", _repo.Error());
    }

    [Fact]
    public void A_symlink_in_the_context_pointing_outside_the_repository()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/secrets"), "/etc");

        var error = _repo.Error();

        Assert.Contains("images/app/secrets: is a symlink to '/etc': '/etc' is outside the repository", error);
    }

    [Fact]
    public void A_symlink_outside_the_repository_that_dockerignore_excludes_is_fine()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/secrets"), "/etc");
        _repo.Write("images/app/.dockerignore", "secrets\n");

        Assert.DoesNotContain(_repo.Image("app").Files, f => f.Path == "secrets");
    }

    [Fact]
    public void A_socket_in_the_context_is_refused_by_its_type()
    {
        // The tests run as root, where permissions do not stop reads; a socket is no file a build can use.
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(_repo.Full("images/app/agent.sock")));

        var error = _repo.Error();

        Assert.Contains("images/app/agent.sock: is a FIFO, socket or device", error);
    }

    [Fact]
    public void A_bad_dockerignore_names_file_and_line()
    {
        _repo.Write("images/app/.dockerignore", "*.md\n!\n");

        Assert.Contains("images/app/.dockerignore:2: '!' is an exception ('!') without a pattern", _repo.Error());
    }

    [Fact]
    public void A_repository_without_images_folder()
    {
        Directory.Delete(_repo.Full("images"), recursive: true);

        Assert.Contains("images/: not found", _repo.Error());
    }
}
