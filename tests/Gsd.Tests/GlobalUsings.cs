global using Shouldly;
global using Xunit;
global using Gsd.Tests.Support;
