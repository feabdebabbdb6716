export default defineBackground(() => {
  // wired in the foundation issue
});
