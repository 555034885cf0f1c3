using Cake.Frosting;
using KanikoImages.Build;

return await new CakeHost()
    .UseContext<BuildContext>()
    .RunAsync(args);
