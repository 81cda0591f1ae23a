/**
 * The script of the page for many files (docs/links.md#pages-for-many-files): loads the link's file
 * manifest (a signed URL of the same origin, from the page's data block), draws the folder tree with
 * virtual scrolling (only the rows in view are in the document, so 100,000 files scroll like 100),
 * searches paths as the viewer types, and hands the files to the zip
 * (setUpZip of the common script). Names go into the document as text, never as markup. Its words
 * come from the page's "page-text" data block, in the client's language (lib/pages/many-files-page.ts):
 * `{error}`, `{matched}` and `{n}` filled in here, a folder's count in the plural form
 * Intl.PluralRules picks; sizes and days are formatted in the page's language and the data block's zone.
 *
 * The manifest: { base, link, prefix, suffix, shared: [query], folders: [path], files: [[folder,
 * name, size, modified (epoch s), q]] } where q is an index into `shared` (a folder signature), a
 * string (the part of a per-file signing query between `prefix` and `suffix`) or [query] (a whole
 * query). A file's URL is base + its path encoded per segment + "?l=" + link + "&" + query.
 */
export const MANY_FILES_SCRIPT = `(function(){
"use strict";
var text=pageData("page-text")||{},data=pageData("page-data");
var list=document.getElementById("file-list"),rows=document.getElementById("file-rows"),status=document.getElementById("list-status"),form=document.getElementById("file-search-form"),search=document.getElementById("file-search");
if(!data||!list||!rows||!status||!form||!search)return;
var ROW=32,EXTRA=8,lang=document.documentElement.lang||undefined;
status.hidden=false;
var units=["KiB","MiB","GiB","TiB","PiB"],number=new Intl.NumberFormat(lang,{maximumFractionDigits:1}),days=new Intl.DateTimeFormat(lang,{year:"numeric",month:"short",day:"numeric",timeZone:text.zone||"UTC"}),plurals=new Intl.PluralRules(lang);
function fill(words,values){return String(words||"").replace(/\\{(\\w+)\\}/g,function(all,name){var v=values[name];return !(name in values)?all:typeof v==="number"?v.toLocaleString(lang):String(v);});}
function count(n){var forms=text.folderFiles||{};return fill(forms[plurals.select(n)]||forms.other,{n:n});}
function bytes(n){if(n<1024)return number.format(n)+" B";var i=-1;while(n>=1024&&i<units.length-1){n/=1024;i++;}return number.format(n<10?Math.round(n*10)/10:Math.round(n))+" "+units[i];}
function day(seconds){return days.format(new Date(seconds*1000));}
function encodePath(path){return path.split("/").map(encodeURIComponent).join("/").replace(/\\*/g,"%2A");}
function byName(a,b){return a.name<b.name?-1:a.name>b.name?1:0;}
fetch(data.manifest,{credentials:"omit",cache:"no-store"}).then(function(response){if(!response.ok)throw new Error("HTTP "+response.status);return response.json();}).then(start).catch(function(error){status.textContent=fill(text.listFailed,{error:error&&error.message?error.message:error});});
function start(m){
var files=[],root={name:"",path:"",folders:[],files:[],count:0,open:true,depth:-1},byPath={"":root};
function folderOf(path){
var known=byPath[path];if(known)return known;
var cut=path.lastIndexOf("/",path.length-2),parent=folderOf(cut<0?"":path.slice(0,cut+1));
var folder={name:path.slice(cut+1,-1),path:path,folders:[],files:[],count:0,open:true,depth:parent.depth+1,parent:parent};
parent.folders.push(folder);byPath[path]=folder;return folder;
}
for(var i=0;i<m.files.length;i++){
var e=m.files[i],folder=folderOf(m.folders[e[0]]),path=folder.path+e[1],q=e[4];
var query=typeof q==="number"?m.shared[q]:Array.isArray(q)?q[0]:m.prefix+q+m.suffix;
var file={name:e[1],path:path,size:e[2],modified:new Date(e[3]*1000),seconds:e[3],url:m.base+encodePath(path)+"?l="+m.link+"&"+query,depth:folder.depth+1};
files.push(file);folder.files.push(file);
for(var f=folder;f;f=f.parent)f.count++;
}
(function sort(folder){folder.folders.sort(byName);folder.files.sort(byName);for(var j=0;j<folder.folders.length;j++)sort(folder.folders[j]);})(root);
var shown=[],query="";
function flatten(){
shown=[];
if(query){var needle=query.toLowerCase();for(var k=0;k<files.length;k++)if(files[k].path.toLowerCase().indexOf(needle)!==-1)shown.push({file:files[k],flat:true});}
else (function walk(folder){for(var a=0;a<folder.folders.length;a++){var child=folder.folders[a];shown.push({folder:child});if(child.open)walk(child);}for(var b=0;b<folder.files.length;b++)shown.push({file:folder.files[b]});})(root);
rows.style.height=(shown.length*ROW)+"px";
rows.setAttribute("data-rows",String(shown.length));
status.textContent=query?(shown.length?fill(text.matched,{matched:shown.length}):text.noMatch):text.shown;
draw();
}
function row(item,index){
var li=document.createElement("li");
li.style.top=(index*ROW)+"px";
if(item.folder){
var f=item.folder,button=document.createElement("button");
li.className="row row--folder";li.style.paddingLeft=(f.depth*1.25)+"rem";
button.type="button";button.className="folder";button.setAttribute("aria-expanded",f.open?"true":"false");
button.textContent=(f.open?"\\u25be ":"\\u25b8 ")+f.name+"/";
button.addEventListener("click",function(){f.open=!f.open;flatten();});
var counted=document.createElement("span");counted.className="meta";counted.textContent=" "+count(f.count);
li.appendChild(button);li.appendChild(counted);return li;
}
var file=item.file,link=document.createElement("a");
li.className="row row--file";li.style.paddingLeft=((item.flat?0:file.depth)*1.25)+"rem";
link.href=file.url;link.textContent=item.flat?file.path:file.name;link.title=file.path;
link.setAttribute("download",file.name);link.setAttribute("data-path",file.path);
var meta=document.createElement("span");meta.className="meta";meta.textContent=bytes(file.size)+" \\u00b7 "+day(file.seconds);
li.appendChild(link);li.appendChild(meta);return li;
}
var pending=false;
function draw(){
var first=Math.max(0,Math.floor(list.scrollTop/ROW)-EXTRA),last=Math.min(shown.length,Math.ceil((list.scrollTop+list.clientHeight)/ROW)+EXTRA);
var fragment=document.createDocumentFragment();
for(var n=first;n<last;n++)fragment.appendChild(row(shown[n],n));
rows.replaceChildren(fragment);
}
list.addEventListener("scroll",function(){if(pending)return;pending=true;requestAnimationFrame(function(){pending=false;draw();});});
var timer=0;
search.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){query=search.value.trim();list.scrollTop=0;flatten();},150);});
form.addEventListener("submit",function(event){event.preventDefault();});
list.hidden=false;form.hidden=false;
flatten();
setUpZip(files.map(function(f){return{path:f.path,url:f.url,size:f.size,modified:f.modified};}));
}
})();`;
