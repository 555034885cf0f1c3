using Cake.Core;

namespace Cake.Frosting;

/// <summary>Marks the typed build context the host creates once per run.</summary>
public interface IFrostingContext : ICakeContext
{
}

/// <summary>Base of the typed build context: all of Cake's context plus the build's own parameters.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context), IFrostingContext
{
}
