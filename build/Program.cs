using Cake.Frosting;
using KanikoImages.Build;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseOptions(BuildOptions.All)
    .Run(args);
