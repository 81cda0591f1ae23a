import { ZIP_ENTRY_NAME_SCRIPT } from "./zip-entry-name.js";

/**
 * The index page's "Download all (.zip)": builds the zip in the browser with client-zip from the
 * signed links on the page (same origin, so no third-party request), streamed to a file the viewer
 * picks where the browser offers showSaveFilePicker (Chromium-based browsers), otherwise built in
 * memory and saved through a download link, up to IN_MEMORY_LIMIT. The button stays hidden without
 * JavaScript; the list and the commands work without it. Entry names go through zipEntryName
 * (zip-entry-name.ts), so no entry unpacks outside the folder the viewer unpacks it in.
 */
export const IN_MEMORY_LIMIT = 2 * 1024 ** 3;

export const DOWNLOAD_ALL_SCRIPT = `(function(){
${ZIP_ENTRY_NAME_SCRIPT}
var box=document.getElementById("zip"),button=document.getElementById("zip-button"),status=document.getElementById("zip-status");
if(!box||!button||!status||typeof downloadZip!=="function"||typeof ReadableStream!=="function")return;
var links=document.querySelectorAll("a[data-path]"),files=[],total=0,limit=${IN_MEMORY_LIMIT};
for(var i=0;i<links.length;i++){var a=links[i],size=Number(a.getAttribute("data-size"));files.push({path:a.getAttribute("data-path"),url:a.getAttribute("href"),size:size,modified:new Date(a.getAttribute("data-modified"))});total+=size;}
var name=box.getAttribute("data-name")||"files.zip";
function say(text){status.textContent=text;}
async function* entries(){
for(var i=0;i<files.length;i++){var f=files[i];say("Adding file "+(i+1)+" of "+files.length+": "+f.path);
var response=await fetch(f.url,{credentials:"omit",cache:"no-store"});
if(!response.ok)throw new Error(f.path+": the server answered "+response.status+(response.status===403?" (the link may have expired)":""));
yield {name:zipEntryName(f.path),input:response,size:f.size,lastModified:f.modified};}
}
async function run(){
var writable=null;
if(typeof window.showSaveFilePicker==="function"){
try{var handle=await window.showSaveFilePicker({suggestedName:name,types:[{description:"Zip archive",accept:{"application/zip":[".zip"]}}]});writable=await handle.createWritable();}
catch(error){if(error&&error.name==="AbortError"){say("Cancelled: nothing was saved.");return;}writable=null;}
}
if(writable){await downloadZip(entries()).body.pipeTo(writable);say("Saved "+name+": "+files.length+" files, written to disk as they arrived.");return;}
if(total>limit){say("This browser cannot write a zip straight to disk, and these files are too large to build one in memory. Use the commands below, or a Chromium-based browser (Chrome, Edge), which can.");return;}
say("This browser cannot write the zip straight to disk, so it is built in memory first ("+files.length+" files).");
var blob=await downloadZip(entries()).blob(),url=URL.createObjectURL(blob),link=document.createElement("a");
link.href=url;link.download=name;document.body.appendChild(link);link.click();link.remove();setTimeout(function(){URL.revokeObjectURL(url);},60000);
say("Done: "+name+" ("+files.length+" files). It was built in memory because this browser cannot stream to disk; for very large downloads, use the commands below.");
}
box.hidden=false;
button.addEventListener("click",function(){button.disabled=true;run().catch(function(error){say("The zip could not be completed: "+(error&&error.message?error.message:error)+". Download the files one by one or with the commands below.");}).then(function(){button.disabled=false;});});
})();`;
